package dev.syncpack.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.presence.PresencePack;
import dev.syncpack.presence.jooq.JooqPresenceStore;
import dev.syncpack.presence.jooq.PostgresClusterBus;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncEngine;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Figure 6's question: how long after a heartbeat on node A does a subscriber on node B see it?
 * Two engines in this JVM share one {@link JooqPresenceStore} table and talk through two
 * {@link PostgresClusterBus}es (LISTEN/NOTIFY) on the same database, as two servers would.
 *
 * <p>Workload: 100 sessions of channel {@code converge} heartbeat on A, {@link #RATE} a second from
 * {@link #DRIVERS} threads on a fixed schedule (a heartbeat that writes takes a few milliseconds
 * on PostgreSQL, so one thread could not keep the rate), each with the state patch {@code {"t": intended start}} (so every heartbeat is a change
 * that is published). A subscriber on B measures heartbeat→diff on B; the baseline is a
 * subscriber of the same channel on A (same-node delivery), measured the same way.
 */
final class ClusterConvergence {

    static final int RATE = 100;
    static final int SESSIONS = 100;
    static final int DRIVERS = 10;
    private static final String CHANNEL = "converge";

    /**
     * @param remote heartbeat on A → diff on B
     * @param local heartbeat on A → diff on A, the baseline
     * @param changes how many heartbeats were measured
     */
    record Result(LatencyHistogram remote, LatencyHistogram local, long changes) {
    }

    private ClusterConvergence() {
    }

    static Result measure(String jdbcUrl, Duration warmUp, Duration measure) throws Exception {
        try (BenchDatabase database = BenchDatabase.create(jdbcUrl)) {
            HikariDataSource pool = database.pool("converge", 8);
            JooqPresenceStore store = JooqPresenceStore.builder(pool).schema(database.schema()).build();
            store.migrate();
            PostgresClusterBus busA = bus(pool, database, "node-a");
            PostgresClusterBus busB = bus(pool, database, "node-b");
            busA.migrate();
            try (SyncEngine nodeA = node(busA, store); SyncEngine nodeB = node(busB, store)) {
                if (!busA.awaitListening(Duration.ofSeconds(10)) || !busB.awaitListening(Duration.ofSeconds(10))) {
                    throw new IllegalStateException("the cluster buses did not start listening within 10 s");
                }
                LatencyHistogram[] remote = {new LatencyHistogram()};
                LatencyHistogram[] local = {new LatencyHistogram()};
                long[] since = {Long.MIN_VALUE};
                SyncContext viewer = PresenceFixture.caller(SESSIONS, SESSIONS + 1);
                try (Subscription onB = nodeB.subscribe(PresenceFixture.COLLECTION, Map.of("channel", CHANNEL), viewer,
                        OptionalLong.empty(), recording(remote, since));
                     Subscription onA = nodeA.subscribe(PresenceFixture.COLLECTION, Map.of("channel", CHANNEL), viewer,
                             OptionalLong.empty(), recording(local, since))) {
                    drive(nodeA, warmUp);
                    remote[0] = new LatencyHistogram();
                    local[0] = new LatencyHistogram();
                    since[0] = System.nanoTime();
                    long changes = drive(nodeA, measure);
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (remote[0].count() < changes && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                    }
                    return new Result(remote[0], local[0], changes);
                }
            } finally {
                busA.close();
                busB.close();
            }
        }
    }

    private static PostgresClusterBus bus(HikariDataSource pool, BenchDatabase database, String nodeId) {
        return PostgresClusterBus.builder(pool, database.unpooled()).schema(database.schema()).nodeId(nodeId)
                .channel("bench_" + database.schema()).build();
    }

    private static SyncEngine node(PostgresClusterBus bus, JooqPresenceStore store) {
        SyncEngine engine = InProcessSyncEngine.builder().clusterBus(bus).build();
        engine.registerPack(PresencePack.builder().actorId(ctx -> ctx.stringAttribute("user")).store(store)
                .heartbeatTtl(Duration.ofMinutes(10)).build());
        return engine;
    }

    /** {@link #DRIVERS} threads, each heartbeating its own sessions on a fixed schedule; returns the count. */
    private static long drive(SyncEngine nodeA, Duration length) throws Exception {
        long period = 1_000_000_000L * DRIVERS / RATE;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
        Workers.each(DRIVERS, DRIVERS, driver -> {
            int turn = 0;
            for (long intended = start + period * driver / DRIVERS; intended < end; intended += period) {
                Pacing.awaitNanoTime(intended);
                int session = driver + DRIVERS * (turn++ % (SESSIONS / DRIVERS));
                nodeA.runMutation(PresenceFixture.HEARTBEAT, Map.of("channel", CHANNEL, "state",
                        Map.of("t", intended)), PresenceFixture.caller(session, SESSIONS));
                changes.incrementAndGet();
            }
        });
        return changes.get();
    }

    /** Records the stamps of changes started at or after {@code since[0]}; late warm-up ones are left out. */
    private static SubscriptionListener recording(LatencyHistogram[] into, long[] since) {
        return event -> {
            if (event instanceof SubscriptionEvent.Diff diff) {
                long now = System.nanoTime();
                for (Map<String, Object> row : diff.changed()) {
                    if (row.get("state") instanceof Map<?, ?> state && state.get("t") instanceof Number sent
                            && sent.longValue() >= since[0]) {
                        into[0].record(now - sent.longValue());
                    }
                }
                for (Map<String, Object> row : diff.added()) {
                    if (row.get("state") instanceof Map<?, ?> state && state.get("t") instanceof Number sent
                            && sent.longValue() >= since[0]) {
                        into[0].record(now - sent.longValue());
                    }
                }
            }
        };
    }
}
