package dev.syncpack.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.syncpack.presence.jooq.JooqPresenceStore;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Figure 3's question: how many heartbeats a second does one node take on the PostgreSQL store,
 * against the naive way (one autocommitted upsert per heartbeat) on the same pool?
 *
 * <p>Workload: 10 000 live sessions in 100 channels (all joined before the clock starts), each
 * heartbeating on a virtual thread of its own, the next heartbeat as soon as the last is answered,
 * for the measured time: the engine through {@code presence:heartbeat} with
 * {@link JooqPresenceStore} (the defaults: renewals coalesced and answered from the node's memory
 * of the session when it can, group commit), behind a proxy counting the store's computes; the
 * baseline with {@code INSERT ... ON CONFLICT DO UPDATE} of the same rows in a table of the same
 * shape, on the same pool of {@link #POOL}; its clients take turns at the pool through a fair
 * semaphore of as many permits, as HikariCP hands connections out unfairly and some of 10 000
 * waiters would time out (the pool is busy either way, so this costs the baseline nothing). The TTL
 * is {@link #TTL}, short enough that every session's renewal is written about every TTL / 2 during
 * the run; one subscriber per channel counts those writes (each is a published change) and
 * removals: a session may never leave while it heartbeats, and every acknowledged row must still be
 * live when acknowledged. Each table is analyzed once its 10 000 rows
 * are in, as in a deployment that has been running for a minute. The naive rate is measured before
 * and after the engine's, and the baseline is their mean.
 */
final class PostgresHeartbeats {

    static final int SESSIONS = 10_000;
    static final int CHANNELS = 100;
    static final int JOINING_THREADS = 32;
    static final int POOL = 16;
    static final Duration TTL = Duration.ofSeconds(30);
    /** Every this many heartbeats a session changes its state, so that heartbeat is written. */
    static final int PATCH_EVERY = 10;

    /**
     * The engine's side of the figure.
     *
     * @param rate heartbeats a second through the engine
     * @param writes heartbeats of the measured time that wrote their row (published a change)
     * @param heartbeats heartbeats of the measured time
     * @param computes the store's computes in the measured time: the heartbeats the node did not
     *     answer from its memory of the session, and any expiry checks
     * @param removals sessions removed that were live when the heartbeating began (joining 10 000
     *     sessions took 31 s, longer than the TTL, on 2026-12-03, so the first joined may expire
     *     while the others join; the joining threads then heartbeat every session once more, joining
     *     those again, before the heartbeating starts, and those removals are not counted)
     * @param tightestMillis the least time to expiry any acknowledged row had
     * @param live rows live at the end
     * @param cpu the cores busy during the measured time
     */
    record EngineRun(double rate, long writes, long heartbeats, long computes, long removals, long tightestMillis,
                     long live, CpuUse cpu) {
    }

    /**
     * One measured stretch of the baseline.
     *
     * @param rate upserts a second
     * @param cpu the cores busy meanwhile
     */
    record NaiveRun(double rate, CpuUse cpu) {
    }

    /**
     * @param engine the engine's side
     * @param naiveBefore measured before the engine's side
     * @param naiveAfter measured after it
     */
    record Result(EngineRun engine, NaiveRun naiveBefore, NaiveRun naiveAfter) {
        /** @return the baseline: the mean of the naive rates before and after, so drift weighs on both sides alike */
        double naiveRate() {
            return (naiveBefore.rate() + naiveAfter.rate()) / 2;
        }
    }

    private PostgresHeartbeats() {
    }

    /**
     * @param profiled how long the engine's side goes on heartbeating after its measured time, under
     *     a JFR recording: the measured time itself runs unprofiled, like the baseline's
     * @param profile where that recording goes
     * @return both sides and the checks
     */
    static Result measure(String jdbcUrl, Duration warmUp, Duration measure, Duration profiled, Path profile)
            throws Exception {
        try (BenchDatabase database = BenchDatabase.create(jdbcUrl)) {
            HikariDataSource pool = database.pool("heartbeats", POOL);
            JooqPresenceStore store = JooqPresenceStore.builder(pool).schema(database.schema()).build();
            store.migrate();
            JooqPresenceStore.builder(pool).schema(database.schema()).prefix("naive_").build().migrate();
            Workers.Task naive = naiveUpsert(pool);
            Workers.each(JOINING_THREADS, SESSIONS, naive);
            database.execute("ANALYZE naive_presence");
            NaiveRun naiveBefore = naiveRun(naive, warmUp, measure);
            EngineRun engine = engineRun(database, store, warmUp, measure, profiled, profile);
            return new Result(engine, naiveBefore, naiveRun(naive, warmUp, measure));
        }
    }

    /**
     * Joins every session, analyzes the populated table (as autovacuum does within a minute of such
     * growth; until then PostgreSQL may keep plans made while the table was nearly empty), then
     * heartbeats.
     */
    private static EngineRun engineRun(BenchDatabase database, JooqPresenceStore store, Duration warmUp,
                                       Duration measure, Duration profiled, Path profile) throws Exception {
        LongAdder computes = new LongAdder();
        try (PresenceFixture fixture = PresenceFixture.start(counting(store, computes), TTL,
                builder -> builder.maxSessionsPerChannel(SESSIONS))) {
            SyncContext[] callers = new SyncContext[SESSIONS];
            for (int i = 0; i < SESSIONS; i++) {
                callers[i] = PresenceFixture.caller(i, SESSIONS);
            }
            AtomicLong removals = new AtomicLong();
            AtomicLong heartbeatingFrom = new AtomicLong(Long.MAX_VALUE);
            AtomicLong writes = new AtomicLong();
            List<Subscription> watchers = new ArrayList<>();
            for (int c = 0; c < CHANNELS; c++) {
                watchers.add(fixture.engine.subscribe(PresenceFixture.COLLECTION,
                        Map.of("channel", PresenceFixture.channel(c)), PresenceFixture.caller(SESSIONS + c, 1),
                        OptionalLong.empty(), event -> {
                            if (event instanceof SubscriptionEvent.Diff diff) {
                                removals.addAndGet(diff.removed().stream()
                                        .filter(row -> (Long) row.get("expiresAt") >= heartbeatingFrom.get()).count());
                                writes.addAndGet(diff.changed().size());
                            }
                        }));
            }
            LongAccumulator tightest = new LongAccumulator(Math::min, Long.MAX_VALUE);
            int[] beats = new int[SESSIONS];
            Workers.Task beat = i -> heartbeat(fixture, callers, beats, i, tightest);
            Workers.each(JOINING_THREADS, SESSIONS, beat);
            database.execute("ANALYZE presence");
            // the first joined may have expired while the others joined: this pass joins them again
            Workers.each(JOINING_THREADS, SESSIONS, beat);
            heartbeatingFrom.set(store.now().toEpochMilli());
            Workers.loop(SESSIONS, warmUp, beat);
            long writesBefore = writes.get();
            long computesBefore = computes.sum();
            CpuUse.Meter meter = CpuUse.start();
            long ops = Workers.loop(SESSIONS, measure, beat);
            CpuUse cpu = meter.stop();
            long computed = computes.sum() - computesBefore;
            Instant ended = store.now();
            long written = writes.get() - writesBefore;
            Profile.record(profile, () -> Workers.loop(SESSIONS, profiled, beat));
            watchers.forEach(Subscription::close);
            long live = database.queryLong("SELECT count(*) FROM presence WHERE expires_at > '" + ended + "'");
            return new EngineRun(ops / (double) measure.toSeconds(), written, ops, computed,
                    removals.get(), tightest.get(), live, cpu);
        }
    }

    /**
     * @return {@code store}, counting its computes in {@code computes}: a reflective proxy, one
     *     more dispatch for each store call
     */
    private static PresenceStore counting(PresenceStore store, LongAdder computes) {
        return (PresenceStore) Proxy.newProxyInstance(PresenceStore.class.getClassLoader(),
                new Class<?>[] {PresenceStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("compute")) {
                        computes.increment();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void heartbeat(PresenceFixture fixture, SyncContext[] callers, int[] beats, int i,
                                  LongAccumulator tightest) {
        int beat = ++beats[i];
        Map<String, Object> args = beat % PATCH_EVERY == 0
                ? Map.of("channel", PresenceFixture.channel(i % CHANNELS), "state", Map.of("beat", beat))
                : Map.of("channel", PresenceFixture.channel(i % CHANNELS));
        Object row = fixture.engine.runMutation(PresenceFixture.HEARTBEAT, args, callers[i]);
        if (row instanceof Map<?, ?> map && map.get("expiresAt") instanceof Long expiresAt) {
            tightest.accumulate(expiresAt - System.currentTimeMillis());
        }
    }

    /** @return the baseline's heartbeat of session {@code i}: one autocommitted upsert of its row */
    private static Workers.Task naiveUpsert(HikariDataSource pool) {
        String upsert = "INSERT INTO naive_presence (scope, channel, actor_id, session_id, state, activity, joined_at, "
                + "heartbeat_at, active_at, expires_at) VALUES ('', ?, ?, ?, '{}'::jsonb, 'active', now(), now(), now(), "
                + "now() + interval '30 seconds') ON CONFLICT (scope, channel, actor_id, session_id) DO UPDATE SET "
                + "heartbeat_at = excluded.heartbeat_at, active_at = excluded.active_at, expires_at = excluded.expires_at";
        Semaphore turns = new Semaphore(POOL, true);
        return i -> {
            turns.acquire();
            try (Connection connection = pool.getConnection();
                 PreparedStatement statement = connection.prepareStatement(upsert)) {
                statement.setString(1, PresenceFixture.channel(i % CHANNELS));
                statement.setString(2, "user-" + i);
                statement.setString(3, "conn-" + i);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("naive upsert failed: " + e.getMessage(), e);
            } finally {
                turns.release();
            }
        };
    }

    /** @return upserts a second and the cores busy meanwhile, after a warm-up */
    private static NaiveRun naiveRun(Workers.Task naive, Duration warmUp, Duration measure) throws Exception {
        Workers.loop(SESSIONS, warmUp, naive);
        CpuUse.Meter meter = CpuUse.start();
        long upserts = Workers.loop(SESSIONS, measure, naive);
        return new NaiveRun(upserts / (double) measure.toSeconds(), meter.stop());
    }
}
