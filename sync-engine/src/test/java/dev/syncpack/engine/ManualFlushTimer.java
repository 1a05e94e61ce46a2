package dev.syncpack.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link FlushTimer} whose flushes run only when a test calls {@link #fire()}. Thread-safe. */
final class ManualFlushTimer implements FlushTimer {

    private final List<Runnable> pending = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized Flush schedule(Duration delay, Runnable flush) {
        if (closed) {
            throw new IllegalStateException("a flush was asked of a closed timer");
        }
        pending.add(flush);
        delays.add(delay);
        return () -> {
            synchronized (this) {
                int at = pending.indexOf(flush);
                if (at >= 0) {
                    pending.remove(at);
                    delays.remove(at);
                }
            }
        };
    }

    /** Runs, on the caller's thread, every flush asked for and not cancelled so far. */
    void fire() {
        List<Runnable> due;
        synchronized (this) {
            due = List.copyOf(pending);
            pending.clear();
            delays.clear();
        }
        due.forEach(Runnable::run);
    }

    /** @return the delays the flushes waiting to be fired were asked for with, in order */
    synchronized List<Duration> delays() {
        return List.copyOf(delays);
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
        delays.clear();
    }
}
