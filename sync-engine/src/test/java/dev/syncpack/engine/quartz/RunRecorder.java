package dev.syncpack.engine.quartz;

import dev.syncpack.spi.mutation.MutationActions;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A schedule handler that records when each run started and how many ran at once. */
final class RunRecorder implements ScheduleDefinition.Handler {

    /** What a run does. */
    @FunctionalInterface
    interface Body {
        /**
         * @param run the run's number, from 1
         * @param actions the run's writes
         */
        void run(int run, MutationActions actions) throws Exception;
    }

    private final Body body;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final List<Instant> starts = new CopyOnWriteArrayList<>();

    RunRecorder(Body body) {
        this.body = body;
    }

    /** A recorder whose runs do nothing. */
    RunRecorder() {
        this((run, actions) -> { });
    }

    @Override
    public void run(MutationActions actions) throws Exception {
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        starts.add(Instant.now());
        try {
            body.run(started.incrementAndGet(), actions);
        } finally {
            running.decrementAndGet();
        }
    }

    /** @return when each run started, in order */
    List<Instant> starts() {
        return List.copyOf(starts);
    }

    /** @return the most runs that were ever in progress at once */
    int maxRunning() {
        return maxRunning.get();
    }

    /** @param runs how many runs must have started */
    void awaitStarts(int runs) {
        awaitUntil(runs + " started runs", () -> started.get() >= runs);
    }

    /**
     * Polls until {@code condition} holds, for at most 5 s.
     *
     * @throws AssertionError naming {@code what} when the deadline passes
     */
    static void awaitUntil(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
