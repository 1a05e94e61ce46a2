package dev.syncpack.engine.protocol;

import java.nio.ByteBuffer;

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
     * Queues one JSON text frame, as {@link #send(String)} does, given also as its UTF-8 bytes: the
     * connection calls this one, encoding each frame text once however many connections send it (a
     * diff goes to every subscriber of a channel), so an adapter whose socket can send a text frame
     * from bytes sends these instead of encoding the text again, and one that counts queued bytes
     * need not measure. The default sends the text.
     *
     * @param text a complete JSON frame
     * @param utf8 its UTF-8 bytes from position to limit; the buffer is the adapter's to consume, but
     *     its bytes may be shared with other connections, so they must never be written to
     */
    default void send(String text, ByteBuffer utf8) {
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
