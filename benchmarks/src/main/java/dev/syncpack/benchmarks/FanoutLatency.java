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
import java.util.stream.LongStream;

/**
 * Figure 2's question: how long after a state change does each subscriber of a big channel have
 * it? One channel holds {@code size} live sessions and every one of them subscribes to it with
 * an in-process listener; one driver thread changes a session's state {@code rate} times a second
 * through {@code presence:heartbeat} with the patch {@code {"t": intendedNanoTime}}.
 *
 * <p>Measured ({@code RECORDING} listeners): update→delivered at every listener, from the
 * change's intended start on a fixed schedule (so a driver that falls behind shows as latency,
 * not as a lower rate) to the listener's call; p50 and p99 over all (change, listener) pairs.
 * Baseline ({@code NO_OP} listeners, same channel, sessions, rate and engine): every listener does
 * nothing but the last one subscribed, which records; it is called after all the others, so its
 * latency is the fan-out's own.
 *
 * <p>The engine either delivers each commit's diff before the commit returns, on the driver's
 * thread ({@code diffInterval} zero, the engine's default), or merges the channel's changes into
 * one diff per interval, sent by its flush thread (as the sample server does with 10 ms).
 *
 * <p>Run alone: {@code benchmarks/run --only 2} (it also draws the fan-out chart).
 */
final class FanoutLatency {

    /** What each subscriber's listener does. */
    enum Listeners {
        /** Records update→delivered for every row carrying a timestamp. */
        RECORDING,
        /** Do nothing, except the last subscriber's, which records. */
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
     * @param diffInterval the engine's diff interval: zero delivers at each commit
     * @param listeners what the listeners do
     * @param warmUp how long to run before measuring
     * @param measure how long to measure
     * @param profile where to write a JFR profile of the measured phase, if anywhere
     * @return what was measured
     * @throws Exception when the profile cannot be written
     */
    static Result run(int size, int rate, Duration diffInterval, Listeners listeners, Duration warmUp,
                      Duration measure, Optional<Path> profile) throws Exception {
        LatencyHistogram latency = new LatencyHistogram();
        StampRecorder recorder = new StampRecorder(new LatencyHistogram());
        try (PresenceFixture fixture = PresenceFixture.start(new InMemoryPresenceStore(InstantSource.system()),
                PresenceFixture.DEFAULT_TTL, diffInterval, builder -> builder.maxSessionsPerChannel(Math.max(size, 10_000)))) {
            SyncContext[] callers = new SyncContext[size];
            for (int i = 0; i < size; i++) {
                callers[i] = PresenceFixture.caller(i, size);
                fixture.engine.runMutation(PresenceFixture.HEARTBEAT, Map.of("channel", CHANNEL), callers[i]);
            }
            SubscriptionListener noOp = event -> { };
            List<Subscription> subscriptions = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                SubscriptionListener listener = listeners == Listeners.RECORDING || i == size - 1 ? recorder : noOp;
                subscriptions.add(fixture.engine.subscribe(PresenceFixture.COLLECTION, Map.of("channel", CHANNEL),
                        callers[i], OptionalLong.empty(), listener));
            }
            drive(fixture, callers, rate, warmUp);
            recorder.recordInto(latency);
            long[] nanos = new long[1];
            Callable<Long> measured = () -> {
                long start = System.nanoTime();
                long made = drive(fixture, callers, rate, measure);
                nanos[0] = System.nanoTime() - start;
                return made;
            };
            long changes = profile.isPresent() ? Profile.record(profile.get(), measured) : measured.call();
            double seconds = nanos[0] / 1e9;
            subscriptions.forEach(Subscription::close);
            return new Result(latency, changes, seconds);
        }
    }

    /** Changes state at {@code rate} on a fixed schedule for {@code length}; each change carries its intended start. */
    private static long drive(PresenceFixture fixture, SyncContext[] callers, int rate, Duration length) {
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long changes = 0;
        for (long intended = start; intended < end; intended += period) {
            Pacing.awaitNanoTime(intended);
            SyncContext writer = callers[(int) (changes % Math.min(WRITERS, callers.length))];
            fixture.engine.runMutation(PresenceFixture.HEARTBEAT,
                    Map.of("channel", CHANNEL, "state", Map.of("t", intended)), writer);
            changes++;
        }
        return changes;
    }

    /**
     * The recording listener every subscriber shares: at each call it records now minus the stamp of
     * every row the diff carries. All subscribers of the channel are handed the same event, so its
     * stamps are read from the rows once per event, not once per subscriber: the recording costs a
     * clock read and a histogram update per delivery, not two map lookups more, and the one driving
     * thread is not held up by its own instrument.
     */
    private static final class StampRecorder implements SubscriptionListener {

        /** An event and the stamps its changed rows carry; replaced as a whole, so a reader sees a matching pair. */
        private record Stamped(SubscriptionEvent event, long[] stamps) {
        }

        private static final Stamped NONE = new Stamped(null, new long[0]);

        private volatile LatencyHistogram latency;
        private volatile Stamped last = NONE;

        StampRecorder(LatencyHistogram latency) {
            this.latency = latency;
        }

        void recordInto(LatencyHistogram histogram) {
            latency = histogram;
        }

        @Override
        public void onEvent(SubscriptionEvent event) {
            long now = System.nanoTime();
            Stamped stamped = last;
            if (stamped.event() != event) {
                stamped = new Stamped(event, stampsOf(event));
                last = stamped;
            }
            LatencyHistogram histogram = latency;
            for (long sent : stamped.stamps()) {
                histogram.record(now - sent);
            }
        }

        private static long[] stampsOf(SubscriptionEvent event) {
            if (!(event instanceof SubscriptionEvent.Diff diff)) {
                return new long[0];
            }
            LongStream.Builder stamps = LongStream.builder();
            for (Map<String, Object> row : diff.changed()) {
                if (row.get("state") instanceof Map<?, ?> state && state.get("t") instanceof Long sent) {
                    stamps.add(sent);
                }
            }
            return stamps.build().toArray();
        }
    }
}
