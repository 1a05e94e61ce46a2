package dev.syncpack.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.syncpack.presence.jooq.JooqPresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Figure 3's question: how many heartbeats a second does one node take on the PostgreSQL store,
 * against the naive way (one autocommitted upsert per heartbeat) on the same pool?
 *
 * <p>Workload: 10 000 live sessions in 100 channels (all joined before the clock starts);
 * {@link #THREADS} threads heartbeat them
 * round-robin (each its own share of the sessions) as fast as they go for the measured time:
 * the engine through {@code presence:heartbeat} with {@link JooqPresenceStore} (its write economy
 * on, the default), the baseline with {@code INSERT ... ON CONFLICT DO UPDATE} of the same rows in
 * a table of the same shape. One subscriber per channel counts removals: a session may never
 * leave while it heartbeats, and every acknowledged row must still be live when acknowledged.
 */
final class PostgresHeartbeats {

    static final int SESSIONS = 10_000;
    static final int CHANNELS = 100;
    static final int THREADS = 32;
    static final int POOL = 16;

    /**
     * @param engineRate heartbeats a second through the engine
     * @param naiveRate upserts a second, the baseline
     * @param removals sessions removed while they heartbeated
     * @param tightestMillis the least time to expiry any acknowledged row had
     * @param live rows live at the end
     */
    record Result(double engineRate, double naiveRate, long removals, long tightestMillis, long live) {
    }

    private PostgresHeartbeats() {
    }

    static Result measure(String jdbcUrl, Duration warmUp, Duration measure) throws Exception {
        try (BenchDatabase database = BenchDatabase.create(jdbcUrl)) {
            HikariDataSource pool = database.pool("heartbeats", POOL);
            JooqPresenceStore store = JooqPresenceStore.builder(pool).schema(database.schema()).build();
            store.migrate();
            JooqPresenceStore.builder(pool).schema(database.schema()).prefix("naive_").build().migrate();
            double naive = naiveRate(pool, warmUp, measure);
            try (PresenceFixture fixture = PresenceFixture.start(store,
                    builder -> builder.maxSessionsPerChannel(SESSIONS))) {
                SyncContext[] callers = new SyncContext[SESSIONS];
                for (int i = 0; i < SESSIONS; i++) {
                    callers[i] = PresenceFixture.caller(i, SESSIONS);
                }
                AtomicLong removals = new AtomicLong();
                List<Subscription> watchers = new ArrayList<>();
                for (int c = 0; c < CHANNELS; c++) {
                    watchers.add(fixture.engine.subscribe(PresenceFixture.COLLECTION,
                            Map.of("channel", PresenceFixture.channel(c)), PresenceFixture.caller(SESSIONS + c, 1),
                            OptionalLong.empty(), event -> {
                                if (event instanceof SubscriptionEvent.Diff diff) {
                                    removals.addAndGet(diff.removed().size());
                                }
                            }));
                }
                LongAccumulator tightest = new LongAccumulator(Math::min, Long.MAX_VALUE);
                Workers.each(THREADS, SESSIONS, i -> heartbeat(fixture, callers, i, tightest));
                Workers.run(THREADS, SESSIONS, warmUp, i -> heartbeat(fixture, callers, i, tightest));
                long ops = Workers.run(THREADS, SESSIONS, measure, i -> heartbeat(fixture, callers, i, tightest));
                watchers.forEach(Subscription::close);
                long live = database.queryLong("SELECT count(*) FROM presence WHERE expires_at > now()");
                return new Result(ops / (double) measure.toSeconds(), naive, removals.get(), tightest.get(), live);
            }
        }
    }

    private static void heartbeat(PresenceFixture fixture, SyncContext[] callers, int i, LongAccumulator tightest) {
        Object row = fixture.engine.runMutation(PresenceFixture.HEARTBEAT,
                Map.of("channel", PresenceFixture.channel(i % CHANNELS)), callers[i]);
        if (row instanceof Map<?, ?> map && map.get("expiresAt") instanceof Long expiresAt) {
            tightest.accumulate(expiresAt - System.currentTimeMillis());
        }
    }

    private static double naiveRate(HikariDataSource pool, Duration warmUp, Duration measure) throws Exception {
        String upsert = "INSERT INTO naive_presence (scope, channel, actor_id, session_id, state, activity, joined_at, "
                + "heartbeat_at, active_at, expires_at) VALUES ('', ?, ?, ?, '{}'::jsonb, 'active', now(), now(), now(), "
                + "now() + interval '30 seconds') ON CONFLICT (scope, channel, actor_id, session_id) DO UPDATE SET "
                + "heartbeat_at = excluded.heartbeat_at, active_at = excluded.active_at, expires_at = excluded.expires_at";
        Workers.Task task = i -> {
            try (Connection connection = pool.getConnection();
                 PreparedStatement statement = connection.prepareStatement(upsert)) {
                statement.setString(1, PresenceFixture.channel(i % CHANNELS));
                statement.setString(2, "user-" + i);
                statement.setString(3, "conn-" + i);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("naive upsert failed: " + e.getMessage(), e);
            }
        };
        Workers.each(THREADS, SESSIONS, task);
        Workers.run(THREADS, SESSIONS, warmUp, task);
        return Workers.run(THREADS, SESSIONS, measure, task) / (double) measure.toSeconds();
    }
}
