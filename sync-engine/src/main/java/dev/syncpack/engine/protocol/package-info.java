/**
 * The framework-neutral WebSocket side of the sync wire protocol: one
 * {@link dev.syncpack.engine.protocol.SyncConnection} per client socket, writing through a
 * {@link dev.syncpack.engine.protocol.FrameSink}, bounded by
 * {@link dev.syncpack.engine.protocol.ConnectionLimits} and heard by an optional
 * {@link dev.syncpack.engine.protocol.ConnectionObserver}.
 *
 * <p>An adapter builds a connection when a socket opens (after resolving the caller's
 * {@link dev.syncpack.spi.SyncContext}), passes each text message to {@code onText} and each binary
 * message to {@code onBinary}, and calls {@code close()} when the socket closes. Its sink queues
 * frames with the server's asynchronous send and never blocks.
 */
package dev.syncpack.engine.protocol;
