package dev.syncpack.benchmarks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One WebSocket client of the sample server, made by {@link SocketClients#connect}: hands every
 * whole text message to {@code onMessage} as its UTF-8 bytes, one message at a time (copied once
 * into an array of the client's, which a reader scans faster than Jetty's direct buffers), sends
 * one frame at a time and skips a send while the previous one is still in flight (counted, so
 * a driver sees back-pressure).
 */
final class SocketClient implements FrameHandler {

    private static final int FIRST_CAPACITY = 8_192;
    /** A larger array is let go once its message is read: a snapshot of 1 000 rows would keep 512 KiB. */
    private static final int KEPT_CAPACITY = 65_536;

    private final Consumer<ByteBuffer> onMessage;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final Callback sent = Callback.from(() -> sending.set(false), failure -> sending.set(false));
    private byte[] message = new byte[FIRST_CAPACITY];
    private int length;
    private volatile CoreSession session;
    private volatile boolean closed;

    /**
     * @param onMessage gets each text message's bytes in a buffer backed by an array, readable only
     *     until it returns
     */
    SocketClient(Consumer<ByteBuffer> onMessage) {
        this.onMessage = onMessage;
    }

    /**
     * @param frame a JSON frame
     * @return false when the previous frame was still being sent, so this one was skipped
     */
    boolean send(String frame) {
        if (closed || !sending.compareAndSet(false, true)) {
            return false;
        }
        session.sendFrame(new Frame(OpCode.TEXT, frame), sent, false);
        return true;
    }

    /** Drops the connection without a close frame, as a crashed tab or a lost network would. */
    void abort() {
        closed = true;
        session.abort();
    }

    /** Closes with 1000. */
    void close() {
        if (!closed) {
            closed = true;
            session.close(CloseStatus.NORMAL, "done", Callback.NOOP);
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void onOpen(CoreSession opened, Callback callback) {
        session = opened;
        callback.succeeded();
        opened.demand();
    }

    /** Called for one frame at a time: the next comes only after {@code demand()}. */
    @Override
    public void onFrame(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.CONTINUATION -> received(frame);
            case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG, copy(frame)), Callback.NOOP, false);
            default -> { }
        }
        callback.succeeded();
        if (frame.getOpCode() != OpCode.CLOSE) {
            session.demand();
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        closed = true;
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        closed = true;
        callback.succeeded();
    }

    private void received(Frame frame) {
        if (frame.hasPayload()) {
            ByteBuffer payload = frame.getPayload();
            int size = payload.remaining();
            if (message.length - length < size) {
                message = Arrays.copyOf(message, Math.max(2 * message.length, length + size));
            }
            payload.get(payload.position(), message, length, size);
            length += size;
        }
        if (frame.isFin()) {
            onMessage.accept(ByteBuffer.wrap(message, 0, length));
            length = 0;
            if (message.length > KEPT_CAPACITY) {
                message = new byte[FIRST_CAPACITY];
            }
        }
    }

    private static ByteBuffer copy(Frame frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.getPayloadLength());
        if (frame.hasPayload()) {
            copy.put(frame.getPayload().duplicate()).flip();
        }
        return copy;
    }
}
