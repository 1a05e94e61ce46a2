package dev.syncpack.presence;

import java.time.Instant;

/** Runs tasks at given instants; how presence pushes expiry instead of waiting for a sweep. */
interface PresenceTimer extends AutoCloseable {

    /** A scheduled task. */
    interface Scheduled {
        /** Stops the task from running if it has not started; harmless afterwards. */
        void cancel();
    }

    /**
     * @param at when to run; a past instant runs as soon as possible
     * @param task the task; runs on the timer's thread and must not block for long
     * @return a handle to cancel it
     */
    Scheduled schedule(Instant at, Runnable task);

    /** Cancels every pending task and stops the timer. */
    @Override
    void close();
}
