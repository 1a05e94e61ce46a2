package dev.syncpack.engine.protocol;

/**
 * Where a {@link SyncConnection} writes: the transport adapter's side of one WebSocket.
 *
 * <p>Both methods may be called from engine threads while the engine delivers a change, so they
 * must neither block nor call back into the connection: queue the frame (most WebSocket servers'
 * asynchronous send does) and return.
 */
public interface FrameSink {

    /**
     * Queues one JSON text frame for the client. The connection never calls this concurrently for
     * one sink, so frames never interleave.
     *
     * @param text a complete JSON frame
     */
    void send(String text);

    /**
     * Queues one JSON text frame, as {@link #send(String)} does, with its size: the connection calls
     * this one, measuring each frame text once however many connections send it, so an adapter that
     * counts queued bytes need not measure again. The default ignores the size.
     *
     * @param text a complete JSON frame
     * @param utf8Bytes its size in UTF-8 bytes
     */
    default void send(String text, long utf8Bytes) {
        send(text);
    }

    /**
     * Closes the socket, e.g. with {@code 1008} (policy violation) after repeated abuse. The adapter
     * then calls {@link SyncConnection#close()} as it does for any close; that call is harmless.
     *
     * @param code the WebSocket close code
     * @param reason a short reason, at most 123 UTF-8 bytes
     */
    void close(int code, String reason);
}
