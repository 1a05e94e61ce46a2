package dev.syncpack.presence.reliability;

import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.store.PresenceStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Runs seeded random schedules of heartbeats, cursors, typing, leaves, closes, time steps, timer
 * runs, cleanups and resubscriptions against the presence pack on a store, and reports how many
 * schedules and operations it checked and how many diverged. Each schedule derives entirely from
 * its seed: about half run on one thread and are compared op by op with {@link PresenceModel}
 * (when time is virtual), the others run on several threads at once and are checked for the
 * model-independent invariants of {@link QuietCheck} at quiet points.
 *
 * <p>System properties: {@value #SEED_PROPERTY} replays one seed and prints every op;
 * {@value #SCHEDULES_PROPERTY} and {@value #BASE_SEED_PROPERTY} change how many schedules run and
 * where their seeds start (by default a random base, printed). Ships in the test-jar so every store
 * module runs the same check:
 *
 * <pre>{@code
 * ModelCheck.builder("postgresql", "-pl stores/presence-store-jooq -Dtest=JooqModelCheckTest")
 *         .stores(clock -> store).time(ModelTime.storeClock()).schedules(20).operationsPerSchedule(300)
 *         .run().assertNoDivergence();
 * }</pre>
 */
public final class ModelCheck {

    /** Replays this one seed, printing every op. */
    public static final String SEED_PROPERTY = "syncpack.modelcheck.seed";
    /** Overrides the number of schedules. */
    public static final String SCHEDULES_PROPERTY = "syncpack.modelcheck.schedules";
    /** Fixes the first seed; the others follow it. */
    public static final String BASE_SEED_PROPERTY = "syncpack.modelcheck.baseSeed";

    /** Limits small enough that schedules hit them: 5 sessions per channel, 2 channels per actor, 160-byte state. */
    public static final PresencePolicy SMALL_LIMITS = new PresencePolicy(Duration.ofSeconds(10), Duration.ofSeconds(3),
            Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), 160, 5, 2, true);

    private static final int MAX_FAILED_SCHEDULES = 5;

    private ModelCheck() {
    }

    /**
     * @param label names the store in the printed counts, e.g. {@code in-memory}
     * @param replay the Maven arguments that run the calling test, for the replay hint
     * @return a builder: virtual time, {@link #SMALL_LIMITS}, 1000 schedules of 1000 ops, 3 threads
     */
    public static Builder builder(String label, String replay) {
        return new Builder(label, replay);
    }

    /**
     * What a run checked.
     *
     * @param label the store
     * @param schedules schedules run
     * @param sequential of which single-threaded
     * @param operations ops executed
     * @param baseSeed the first seed
     * @param divergences one message per diverging schedule, with its seed
     */
    public record Report(String label, int schedules, int sequential, long operations, long baseSeed,
                         List<String> divergences) {

        /** @throws AssertionError listing every divergence with its seed and how to replay it */
        public void assertNoDivergence() {
            if (!divergences.isEmpty()) {
                throw new AssertionError("model-check[" + label + "]: " + divergences.size()
                        + " diverging schedule(s):\n" + String.join("\n\n", divergences));
            }
        }
    }

    /** Configures a run. */
    public static final class Builder {
        private final String label;
        private final String replay;
        private Function<InstantSource, PresenceStore> stores;
        private ModelTime time = ModelTime.virtual();
        private PresencePolicy policy = SMALL_LIMITS;
        private int schedules = 1000;
        private int operations = 1000;
        private int lanes = 3;

        private Builder(String label, String replay) {
            this.label = Objects.requireNonNull(label, "label");
            this.replay = Objects.requireNonNull(replay, "replay");
        }

        /** @param stores makes a store for one schedule from the clock it must read @return this */
        public Builder stores(Function<InstantSource, PresenceStore> stores) {
            this.stores = Objects.requireNonNull(stores, "stores");
            return this;
        }

        /** @param time how time moves, default {@link ModelTime#virtual()} @return this */
        public Builder time(ModelTime time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** @param policy the pack's times and limits @return this */
        public Builder policy(PresencePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @param count schedules per run, unless {@value #SCHEDULES_PROPERTY} says otherwise @return this */
        public Builder schedules(int count) {
            this.schedules = count;
            return this;
        }

        /** @param count ops per schedule, shared by its threads @return this */
        public Builder operationsPerSchedule(int count) {
            this.operations = count;
            return this;
        }

        /** @param count threads of a concurrent schedule; 1 makes every schedule sequential @return this */
        public Builder threads(int count) {
            this.lanes = count;
            return this;
        }

        /** Runs the schedules and prints the counts. @return what was checked */
        public Report run() {
            Objects.requireNonNull(stores, "stores");
            String replaySeed = System.getProperty(SEED_PROPERTY);
            long base = Long.getLong(BASE_SEED_PROPERTY, ThreadLocalRandom.current().nextLong(1L << 40));
            List<Long> seeds = replaySeed != null ? List.of(Long.parseLong(replaySeed))
                    : IntStream.range(0, Integer.getInteger(SCHEDULES_PROPERTY, schedules))
                            .mapToObj(i -> base + i).toList();
            ScheduleRunner runner = new ScheduleRunner(label, replay, stores, time, policy, operations, lanes,
                    replaySeed != null);
            List<String> divergences = new ArrayList<>();
            int run = 0;
            int sequential = 0;
            long ops = 0;
            ExecutorService pool = Executors.newFixedThreadPool(lanes);
            try {
                for (long seed : seeds) {
                    ScheduleRunner.Result result = runner.run(seed, pool);
                    run++;
                    sequential += result.concurrent() ? 0 : 1;
                    ops += result.operations();
                    result.divergence().ifPresent(divergences::add);
                    if (divergences.size() >= MAX_FAILED_SCHEDULES) {
                        break;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.println("model-check[" + label + "]: " + run + " schedules, " + ops + " operations, "
                    + divergences.size() + " divergences");
            System.out.println("model-check[" + label + "]: " + sequential + " single-threaded schedules"
                    + (time instanceof ModelTime.Virtual ? " compared op by op with the model" : "") + ", "
                    + (run - sequential) + " on " + lanes + " threads; seeds " + (replaySeed != null ? replaySeed
                    : base + ".." + (base + seeds.size() - 1)) + "; replay one with -D" + SEED_PROPERTY + "=SEED");
            return new Report(label, run, sequential, ops, base, List.copyOf(divergences));
        }
    }
}
