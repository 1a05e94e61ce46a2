package dev.syncpack.benchmarks;

import dev.syncpack.presence.core.Heartbeat;
import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.core.PresenceRules;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.spi.SyncContext;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Figure 4's question: how much heap does one session take in {@link InMemoryPresenceStore}?
 *
 * <p>Workload, in a fresh JVM: measure the heap after GC (the empty-JVM baseline); make the keys
 * of 1 000 000 sessions with their own id strings ({@code conn-N} sessions of 250 000 actors
 * {@code user-N} in 1 000 channels, 4 sessions per actor, each in another channel); measure again;
 * then store each session as a first heartbeat with an empty state would
 * ({@code store.compute(key, rules.heartbeat(...))}) and measure again. The figure is
 * (heap with the store − baseline) / sessions: it counts the keys and id strings a session needs,
 * the store's maps and indexes, and no state (the state is the empty object). Then, the store let
 * go, the same sessions join a whole node (engine, presence pack, in-memory store) through
 * {@code engine.runMutation}, one heartbeat from each caller, and the heap it grew by per session
 * is measured beside the figure.
 *
 * <p>Run alone: {@code benchmarks/run --only 4}.
 */
final class SessionMemory {

    static final int SESSIONS = 1_000_000;
    static final int CHANNELS = 1_000;
    static final int SESSIONS_PER_ACTOR = 4;

    /**
     * @param baselineBytes heap used after GC before anything was made
     * @param keyBytesPerSession heap the keys and their strings take per session
     * @param bytesPerSession heap the store, keys included, takes per session
     * @param nodeBytesPerSession heap a node (engine, presence pack and in-memory store) takes per
     *     session joined through {@code engine.runMutation}, beyond the callers' contexts and their
     *     id strings
     */
    record Result(long baselineBytes, double keyBytesPerSession, double bytesPerSession, double nodeBytesPerSession) {
    }

    private SessionMemory() {
    }

    static Result measure(int sessions) throws InterruptedException {
        long baseline = usedAfterGc();
        SessionKey[] keys = new SessionKey[sessions];
        int actors = sessions / SESSIONS_PER_ACTOR;
        String[] channels = new String[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            channels[c] = "channel-" + c;
        }
        for (int i = 0; i < sessions; i++) {
            keys[i] = new SessionKey("", channels[channelOf(i, actors)], "user-" + i % actors, "conn-" + i);
        }
        long withKeys = usedAfterGc();
        InMemoryPresenceStore store = new InMemoryPresenceStore(InstantSource.system());
        PresenceRules rules = new PresenceRules(PresencePolicy.DEFAULTS);
        Heartbeat renew = Heartbeat.renew();
        for (SessionKey key : keys) {
            store.compute(key, (current, now) -> rules.heartbeat(key, current, renew, now));
        }
        keys = null;
        long withStore = usedAfterGc();
        Reference.reachabilityFence(store);
        Reference.reachabilityFence(channels);
        return new Result(baseline, (withKeys - baseline) / (double) sessions,
                (withStore - baseline) / (double) sessions, nodeBytesPerSession(sessions, channels));
    }

    /**
     * The same sessions joined through a whole node: each caller (its context holding its own
     * {@code conn-N} and {@code user-N} strings, as a connection brings them) heartbeats once into
     * its channel; the heap grown since the callers were made, per session.
     */
    private static double nodeBytesPerSession(int sessions, String[] channels) throws InterruptedException {
        int actors = sessions / SESSIONS_PER_ACTOR;
        List<Map<String, Object>> arguments = Arrays.stream(channels)
                .map(channel -> Map.<String, Object>of("channel", channel))
                .toList();
        SyncContext[] callers = new SyncContext[sessions];
        for (int i = 0; i < sessions; i++) {
            callers[i] = PresenceFixture.caller(i, actors);
        }
        long withCallers = usedAfterGc();
        try (PresenceFixture node = PresenceFixture.start(new InMemoryPresenceStore(InstantSource.system()),
                builder -> builder.maxSessionsPerChannel(sessions))) {
            for (int i = 0; i < sessions; i++) {
                node.engine.runMutation(PresenceFixture.HEARTBEAT, arguments.get(channelOf(i, actors)), callers[i]);
            }
            long withNode = usedAfterGc();
            Reference.reachabilityFence(callers);
            return (withNode - withCallers) / (double) sessions;
        }
    }

    /** Session {@code i}'s channel: its actor's four sessions are each in another channel. */
    private static int channelOf(int i, int actors) {
        return (i % actors + i / actors * (CHANNELS / SESSIONS_PER_ACTOR)) % CHANNELS;
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
