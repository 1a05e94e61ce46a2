package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.presence.PresencePack;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections to PostgreSQL cut again and again while four writers heartbeat, move cursors and
 * leave and a subscriber watches: every failure is UNAVAILABLE, the last acknowledged write of each
 * session is what the store holds (or a later write that failed in doubt: committed, then the
 * connection broke before the answer), and within 5 s of the last write the subscriber holds
 * exactly what a fresh hydrate returns, with no further write to help it (the pack reconciles keys
 * whose write failed in doubt).
 */
@Timeout(120)
class OutageUnderLoadTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final int WRITERS = 4;
    private static final int CUTS = 6;
    /** What a session's n is taken to be once it left: it has none. */
    private static final int LEFT = -1;

    private TcpProxy proxy;

    @AfterEach
    void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        DB.closePools();
    }

    @Test
    void cutsMidLoad_failUnavailable_loseNoAcknowledgedWrite_andLeaveTheSubscriberEqualToTheStore() throws Exception {
        proxy = DB.proxy();
        JooqPresenceStore store = JooqPresenceStore.builder(DB.pool("outage", DB.jdbcUrlVia("127.0.0.1", proxy.port())))
                .schema(DB.schema()).prefix("load_").build();
        store.migrate();
        try (InProcessSyncEngine engine = InProcessSyncEngine.builder().build()) {
            engine.registerPack(PresencePack.builder().actorId(ctx -> ctx.stringAttribute("userId")).store(store)
                    .coalesceRenewals(false).build());
            HeldRows viewer = new HeldRows();
            engine.subscribe("presence", Map.of("channel", "doc"), SyncContext.of("viewer", Map.of("userId", "v")),
                    OptionalLong.empty(), viewer);
            Writers writers = new Writers(engine);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> writers.run(writer)));
            }
            SplittableRandom random = new SplittableRandom(42);
            for (int cut = 0; cut < CUTS; cut++) {
                Thread.sleep(300 + random.nextInt(300));
                proxy.cut();
                Thread.sleep(100 + random.nextInt(400));
                proxy.restore();
            }
            Thread.sleep(500);
            writers.stop.set(true);
            for (Thread thread : threads) {
                thread.join(10_000);
            }

            assertThat(writers.failures).isNotEmpty().allSatisfy(failure ->
                    assertThat(failure.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThat(writers.acknowledged.get()).isPositive();
            writers.lastAcknowledged.forEach((session, state) -> {
                int stored = store.get(new SessionKey("", "doc", session.actor(), session.id()))
                        .map(Session::state).map(s -> ((Number) s.get("n")).intValue()).orElse(LEFT);
                List<Integer> allowed = new ArrayList<>(writers.failedAfter.getOrDefault(session, List.of()));
                allowed.add(state);
                assertThat(allowed).as("stored n of %s", session).contains(stored);
            });
            SyncContext viewerContext = SyncContext.of("viewer", Map.of("userId", "v"));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!viewer.rows().equals(rowsById(engine.hydrate("presence", Map.of("channel", "doc"), viewerContext)))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(viewer.rows()).as("the subscriber once writes that failed in doubt were reconciled")
                    .isEqualTo(rowsById(engine.hydrate("presence", Map.of("channel", "doc"), viewerContext)));
        }
    }

    private static Map<Object, Map<String, Object>> rowsById(List<Map<String, Object>> rows) {
        Map<Object, Map<String, Object>> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.get("id"), row));
        return byId;
    }

    /** One session a writer owns. */
    private record SessionId(String actor, String id) {
    }

    /** Writers that each own one actor's three sessions, so the last write of a session is well defined. */
    private static final class Writers {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger acknowledged = new AtomicInteger();
        final List<SyncException> failures = new CopyOnWriteArrayList<>();
        /** The n of the last acknowledged heartbeat per session, or {@code LEFT} after an acknowledged leave. */
        final Map<SessionId, Integer> lastAcknowledged = new ConcurrentHashMap<>();
        /** The writes (n, or {@code LEFT}) that failed after the last acknowledged one, which may have committed. */
        final Map<SessionId, List<Integer>> failedAfter = new ConcurrentHashMap<>();
        private final InProcessSyncEngine engine;
        private final AtomicInteger counter = new AtomicInteger();

        Writers(InProcessSyncEngine engine) {
            this.engine = engine;
        }

        void run(int writer) {
            SplittableRandom random = new SplittableRandom(writer);
            SyncContext ctx = SyncContext.of("c" + writer, Map.of("userId", "w" + writer));
            while (!stop.get()) {
                SessionId session = new SessionId("w" + writer, "s" + random.nextInt(3));
                write(ctx, session, random.nextInt(5) == 0);
            }
        }

        private void write(SyncContext ctx, SessionId session, boolean leave) {
            Integer n = leave ? null : counter.incrementAndGet();
            try {
                if (leave) {
                    engine.runMutation("presence:leave", Map.of("channel", "doc", "session", session.id()), ctx);
                } else {
                    engine.runMutation("presence:heartbeat", Map.of("channel", "doc", "session", session.id(),
                            "state", Map.of("n", n)), ctx);
                }
                acknowledged.incrementAndGet();
                lastAcknowledged.put(session, n == null ? LEFT : n);
                failedAfter.remove(session);
            } catch (SyncException e) {
                failures.add(e);
                failedAfter.computeIfAbsent(session, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(n == null ? LEFT : n);
            }
        }
    }

    /** What a client holds: a snapshot replaces, a diff applies. */
    private static final class HeldRows implements SubscriptionListener {
        private final Map<Object, Map<String, Object>> rows = new HashMap<>();

        @Override
        public synchronized void onEvent(SubscriptionEvent event) {
            switch (event) {
                case SubscriptionEvent.Snapshot snapshot -> {
                    rows.clear();
                    snapshot.rows().forEach(row -> rows.put(row.get("id"), row));
                }
                case SubscriptionEvent.Diff diff -> {
                    diff.removed().forEach(row -> rows.remove(row.get("id")));
                    diff.added().forEach(row -> rows.put(row.get("id"), row));
                    diff.changed().forEach(row -> rows.put(row.get("id"), row));
                }
            }
        }

        synchronized Map<Object, Map<String, Object>> rows() {
            return Map.copyOf(rows);
        }
    }
}
