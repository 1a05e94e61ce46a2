package dev.syncpack.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A {@link FlushTimer} on one daemon thread of its own. */
final class ExecutorFlushTimer implements FlushTimer {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("syncpack-diff-flush").factory());

    @Override
    public Flush schedule(Duration delay, Runnable flush) {
        var future = executor.schedule(flush, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
