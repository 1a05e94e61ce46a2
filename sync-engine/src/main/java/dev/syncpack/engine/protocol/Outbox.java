package dev.syncpack.engine.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one connection: one frame at a time into the sink, nothing after
 * {@link #close()}. Thread-safe; the engine must never be called while {@link #whileLocked} runs.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final BooleanSupplier ALWAYS = () -> true;

    private final FrameSink sink;
    private final ConnectionObserver observer;
    private final String connectionId;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    Outbox(FrameSink sink, ConnectionObserver observer, String connectionId) {
        this.sink = sink;
        this.observer = observer;
        this.connectionId = connectionId;
    }

    /**
     * Sends a frame that holds no rows or results, so writing it cannot fail.
     *
     * @param frame the frame
     */
    void send(ServerFrame frame) {
        send(frame.type(), FrameWriter.write(frame));
    }

    /**
     * Sends written frame text, unless the outbox is closed.
     *
     * @param type the frame type, for the observer
     * @param text the frame
     */
    void send(String type, String text) {
        send(type, text, ALWAYS);
    }

    /**
     * Sends written frame text, unless the outbox is closed or {@code wanted} says no. A sink failure
     * is logged, not thrown, since this may run on an engine thread. A diff's UTF-8 bytes are
     * remembered for the next connection, which usually sends the same text; other frames are
     * encoded each time, so acks sent meanwhile do not push it out.
     *
     * @param type the frame type, for the observer
     * @param text the frame
     * @param wanted checked under the lock, so a subscription stopped meanwhile sends nothing
     */
    void send(String type, String text, BooleanSupplier wanted) {
        ByteBuffer utf8 = type.equals("diff") ? Utf8.encodedFrame(text) : Utf8.encode(text);
        long bytes = utf8.remaining();
        lock.lock();
        try {
            if (closed || !wanted.getAsBoolean()) {
                return;
            }
            sink.send(text, utf8);
        } catch (RuntimeException e) {
            LOG.warn("the sink of connection {} failed to send a {} frame", connectionId, type, e);
            return;
        } finally {
            lock.unlock();
        }
        observer.frameSent(type, bytes);
    }

    /**
     * Runs {@code action} while no frame is being sent.
     *
     * @param action a quick action that does not call the engine
     */
    void whileLocked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /** Sends nothing more, ever; waits for a send in progress. */
    void close() {
        whileLocked(() -> closed = true);
    }
}
