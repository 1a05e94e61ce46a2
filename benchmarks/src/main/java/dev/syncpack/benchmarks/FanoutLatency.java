package dev.syncpack.benchmarks;

import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * Figure 2's question: how long after a state change does each subscriber of a big channel have
 * it? One channel holds {@code size} live sessions and every one of them subscribes to it with
 * an in-process listener; one driver thread changes a session's state {@code rate} times a second
 * through {@code presence:heartbeat} with the patch {@code {"t": intendedNanoTime}}.
 *
 * <p>Measured ({@code recording} listeners): update→delivered at every listener, from the
 * change's intended start on a fixed schedule (so a driver that falls behind shows as latency,
 * not as a lower rate) to the listener's call; p50 and p99 over all (change, listener) pairs.
 * Baseline ({@code noOp} listeners, same channel, sessions and rate): from the intended start to
 * {@code runMutation} returning, which happens after every listener was called.
 *
 * <p>Run alone: {@code benchmarks/run --only 2} (it also draws {@code docs/fanout-p99.png}).
 */
final class FanoutLatency {

    /** What each subscriber's listener does. */
    enum Listeners {
        /** Records update→delivered for every row carrying a timestamp. */
        RECORDING,
        /** Does nothing; latency is read when the mutation returns. */
        NO_OP
    }

    /**
     * What one run measured.
     *
     * @param latency the latency histogram
     * @param changes how many changes were made while measuring
     * @param seconds how long the measurement lasted
     */
    record Result(LatencyHistogram latency, long changes, double seconds) {
        double achievedRate() {
            return changes / seconds;
        }
    }

    private static final String CHANNEL = "fanout";
    private static final int WRITERS = 100;

    private FanoutLatency() {
    }

    /**
     * @param size how many sessions the channel holds, each subscribed
     * @param rate state changes a second
     * @param listeners what the listeners do
     * @param warmUp how long to run before measuring
     * @param measure how long to measure
     * @param profile where to write a JFR profile of the measured phase, if anywhere
     * @return what was measured
     * @throws Exception when the profile cannot be written
     */
    static Result run(int size, int rate, Listeners listeners, Duration warmUp, Duration measure,
                      Optional<Path> profile) throws Exception {
        LatencyHistogram warmUpLatency = new LatencyHistogram();
        LatencyHistogram latency = new LatencyHistogram();
        LatencyHistogram[] current = {warmUpLatency};
        try (PresenceFixture fixture = PresenceFixture.start(new InMemoryPresenceStore(InstantSource.system()),
                builder -> builder.maxSessionsPerChannel(Math.max(size, 10_000)))) {
            SyncContext[] callers = new SyncContext[size];
            for (int i = 0; i < size; i++) {
                callers[i] = PresenceFixture.caller(i, size);
                fixture.engine.runMutation(PresenceFixture.HEARTBEAT, Map.of("channel", CHANNEL), callers[i]);
            }
            SubscriptionListener listener = switch (listeners) {
                case RECORDING -> event -> recordDelivery(event, current[0]);
                case NO_OP -> event -> { };
            };
            List<Subscription> subscriptions = new ArrayList<>(size);
            for (SyncContext caller : callers) {
                subscriptions.add(fixture.engine.subscribe(PresenceFixture.COLLECTION, Map.of("channel", CHANNEL),
                        caller, OptionalLong.empty(), listener));
            }
            drive(fixture, callers, rate, warmUp, listeners == Listeners.NO_OP ? warmUpLatency : null);
            current[0] = latency;
            long[] nanos = new long[1];
            Callable<Long> measured = () -> {
                long start = System.nanoTime();
                long made = drive(fixture, callers, rate, measure, listeners == Listeners.NO_OP ? latency : null);
                nanos[0] = System.nanoTime() - start;
                return made;
            };
            long changes = profile.isPresent() ? Profile.record(profile.get(), measured) : measured.call();
            double seconds = nanos[0] / 1e9;
            subscriptions.forEach(Subscription::close);
            return new Result(latency, changes, seconds);
        }
    }

    /**
     * Changes state at {@code rate} on a fixed schedule for {@code length}; each change carries its
     * intended start. When {@code returned} is given, records intended start → mutation returned.
     */
    private static long drive(PresenceFixture fixture, SyncContext[] callers, int rate, Duration length,
                              LatencyHistogram returned) {
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long changes = 0;
        for (long intended = start; intended < end; intended += period) {
            Pacing.awaitNanoTime(intended);
            SyncContext writer = callers[(int) (changes % Math.min(WRITERS, callers.length))];
            fixture.engine.runMutation(PresenceFixture.HEARTBEAT,
                    Map.of("channel", CHANNEL, "state", Map.of("t", intended)), writer);
            if (returned != null) {
                returned.record(System.nanoTime() - intended);
            }
            changes++;
        }
        return changes;
    }

    private static void recordDelivery(SubscriptionEvent event, LatencyHistogram latency) {
        if (!(event instanceof SubscriptionEvent.Diff diff)) {
            return;
        }
        long now = System.nanoTime();
        for (Map<String, Object> row : diff.changed()) {
            if (row.get("state") instanceof Map<?, ?> state && state.get("t") instanceof Long sent) {
                latency.record(now - sent);
            }
        }
    }
}
