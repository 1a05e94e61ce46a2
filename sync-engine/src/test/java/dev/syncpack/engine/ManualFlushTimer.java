package dev.syncpack.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link FlushTimer} whose flushes run only when a test calls {@link #fire()}. Thread-safe. */
final class ManualFlushTimer implements FlushTimer {

    private final List<Runnable> pending = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized Flush schedule(Duration delay, Runnable flush) {
        if (closed) {
            throw new IllegalStateException("a flush was asked of a closed timer");
        }
        pending.add(flush);
        return () -> {
            synchronized (this) {
                pending.remove(flush);
            }
        };
    }

    /** Runs, on the caller's thread, every flush asked for and not cancelled so far. */
    void fire() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(pending);
            pending.clear();
        }
        due.forEach(Runnable::run);
    }

    /** @return how many flushes wait to be fired */
    synchronized int pending() {
        return pending.size();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        pending.clear();
    }
}
