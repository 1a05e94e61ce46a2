package dev.syncpack.presence;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PresenceTimer} on one daemon thread: each task is delayed by the time between the
 * clock's now and its instant, rounded up to whole milliseconds so it never runs early.
 */
final class ExecutorPresenceTimer implements PresenceTimer {

    private final InstantSource clock;
    private final ScheduledThreadPoolExecutor executor;

    ExecutorPresenceTimer(InstantSource clock, String threadName) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Scheduled schedule(Instant at, Runnable task) {
        Duration delay = Duration.between(clock.instant(), at);
        long delayMillis = delay.isNegative() ? 0 : delay.plusNanos(999_999).toMillis();
        var future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
