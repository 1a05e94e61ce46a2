package dev.syncpack.benchmarks;

import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.spi.SyncContext;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Figure 1: how many heartbeats a second one node takes through {@code engine.runMutation} with
 * the in-memory store, against the raw cost of updating the same rows in a
 * {@link ConcurrentHashMap}.
 *
 * <p>Workload: 100 000 live sessions in 1 000 channels (100 each), 10 000 actors with 10 sessions
 * each, no subscribers. Every thread (one per core) heartbeats its own share of the sessions
 * round-robin (a session is one connection's, and two threads on one session would only measure
 * them waiting for each other); a heartbeat carries only {@code {channel}} (the session is the
 * connection id), so it only renews the session. The {@code path} parameter picks the engine with
 * renewals coalesced ({@code engine}: the TTL is 10 minutes, so every measured renewal keeps the
 * stored session), the engine writing and publishing every renewal ({@code engine-writes}) or the
 * baseline ({@code map}: {@code ConcurrentHashMap.compute} of the same 100 000 keys to a new row
 * with the new times, what any store must do at least).
 *
 * <p>Run alone: {@code benchmarks/run --only 1}, or with JMH's own runner:
 * {@code java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' org.openjdk.jmh.Main HeartbeatThroughput}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(Threads.MAX)
public class HeartbeatThroughput {

    static final int SESSIONS = 100_000;
    static final int CHANNELS = 1_000;
    static final int ACTORS = 10_000;

    /**
     * The engine with renewals coalesced ({@code engine}, the default: most heartbeats keep the
     * stored session), the engine writing and publishing every renewal ({@code engine-writes}), or
     * the baseline ({@code map}).
     */
    @Param({"engine", "engine-writes", "map"})
    public String path;

    private SyncContext[] callers;
    private Map<String, Object>[] args;
    private PresenceFixture fixture;
    private SessionKey[] keys;
    private ConcurrentHashMap<SessionKey, BaselineRow> rows;

    /** A stored row of the baseline: the key, an empty state and the three times. */
    record BaselineRow(SessionKey key, Map<String, Object> state, long joinedAt, long heartbeatAt, long expiresAt) {
        BaselineRow renewed(long now, long ttl) {
            return new BaselineRow(key, state, joinedAt, now, now + ttl);
        }
    }

    /**
     * Where one benchmark thread is in its round of sessions. Thread {@code t} of {@code n} owns the
     * sessions {@code t, t + n, t + 2n, ...}: a session heartbeats from one connection, one
     * heartbeat at a time, so no two threads ever heartbeat the same session.
     */
    @State(Scope.Thread)
    public static class Cursor {
        int first;
        int step;
        int next;

        @Setup(Level.Trial)
        public void start(ThreadParams thread) {
            first = thread.getThreadIndex();
            step = thread.getThreadCount();
            next = first;
        }

        int advance() {
            int current = next;
            next = current + step < SESSIONS ? current + step : first;
            return current;
        }
    }

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        callers = new SyncContext[SESSIONS];
        args = new Map[SESSIONS];
        keys = new SessionKey[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            callers[i] = PresenceFixture.caller(i, ACTORS);
            args[i] = Map.of("channel", PresenceFixture.channel(i % CHANNELS));
            keys[i] = new SessionKey("", PresenceFixture.channel(i % CHANNELS), "user-" + i % ACTORS, "conn-" + i);
        }
        if (path.startsWith("engine")) {
            fixture = PresenceFixture.start(new InMemoryPresenceStore(InstantSource.system()),
                    builder -> builder.coalesceRenewals(path.equals("engine")));
            for (int i = 0; i < SESSIONS; i++) {
                fixture.engine.runMutation(PresenceFixture.HEARTBEAT, args[i], callers[i]);
            }
        } else {
            rows = new ConcurrentHashMap<>();
            long now = System.currentTimeMillis();
            for (SessionKey key : keys) {
                rows.put(key, new BaselineRow(key, Map.of(), now, now, now + 600_000));
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public Object heartbeat(Cursor cursor) {
        int i = cursor.advance();
        if (rows != null) {
            return rows.compute(keys[i], (key, row) -> row.renewed(System.currentTimeMillis(), 600_000));
        }
        return fixture.engine.runMutation(PresenceFixture.HEARTBEAT, args[i], callers[i]);
    }
}
