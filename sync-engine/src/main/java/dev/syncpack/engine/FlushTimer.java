package dev.syncpack.engine;

import java.time.Duration;

/**
 * Runs the flushes of an engine that coalesces diffs: each runs once, a delay after it was asked
 * for. Injected so tests flush by hand instead of waiting for time to pass.
 */
interface FlushTimer extends AutoCloseable {

    /** A flush asked for and not yet run. */
    interface Flush {
        /** Keeps the flush from running if it has not started; harmless afterwards. */
        void cancel();
    }

    /**
     * @param delay how long to wait
     * @param flush runs once on the timer's thread; must not block for long
     * @return a handle to cancel it
     */
    Flush schedule(Duration delay, Runnable flush);

    /** Drops every flush not yet run and stops the timer's thread. */
    @Override
    void close();
}
