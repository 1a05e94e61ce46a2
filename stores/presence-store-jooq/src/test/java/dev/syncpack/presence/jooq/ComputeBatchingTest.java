package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import dev.syncpack.spi.error.UnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group commit in {@link JooqPresenceStore#compute}: calls queued while a batch runs are carried out
 * together, one key's calls in order, a rule's failure stays its caller's and a database failure
 * fails the batch's writes. Each test holds the store's only batch slot with a compute whose rule
 * waits on a latch, queues calls behind it, and lets it go.
 */
@Timeout(60)
class ComputeBatchingTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private TcpProxy proxy;

    @AfterEach
    void close() throws Exception {
        callers.shutdownNow();
        if (proxy != null) {
            proxy.close();
        }
        DB.closePools();
    }

    private static JooqPresenceStore store(DataSource pool, String prefix) {
        JooqPresenceStore store = JooqPresenceStore.builder(pool).schema(DB.schema()).prefix(prefix)
                .concurrentBatches(1).build();
        store.migrate();
        return store;
    }

    private static JooqPresenceStore store() {
        return store(DB.pool("batching"), "b" + TABLES.incrementAndGet() + "_");
    }

    private static SessionKey key(String session) {
        return new SessionKey("ws", "doc", "alice", session);
    }

    /** @return a rule storing the session with {@code field} merged into the stored state */
    private static BiFunction<Optional<Session>, Instant, Transition> merging(SessionKey key, String field) {
        return (current, now) -> {
            Map<String, Object> state = new HashMap<>(current.map(Session::state).orElse(Map.of()));
            state.put(field, true);
            return new Transition.Upsert(current, new Session(key, state, Activity.ACTIVE, now, now, now,
                    now.plusSeconds(30)));
        };
    }

    /** Holds the only batch slot until {@link #release()}: its rule waits on a latch. */
    private final class Blocker {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Future<Transition> done;

        Blocker(JooqPresenceStore store) throws InterruptedException {
            done = callers.submit(() -> store.compute(key("blocker"), (current, now) -> {
                entered.countDown();
                awaitLatch(released);
                return new Transition.Keep(current);
            }));
            entered.await();
        }

        void release() throws Exception {
            released.countDown();
            assertThat(done.get(10, TimeUnit.SECONDS)).isInstanceOf(Transition.Keep.class);
        }
    }

    private Future<Transition> queue(JooqPresenceStore store, SessionKey key,
                                     BiFunction<Optional<Session>, Instant, Transition> rule) {
        int before = store.queuedComputes();
        Future<Transition> call = callers.submit(() -> store.compute(key, rule));
        await(() -> store.queuedComputes() > before);
        return call;
    }

    @Test
    void loneCompute_runsAtOnceOnTheCallersThread() {
        JooqPresenceStore store = store();
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();

        store.compute(key("s1"), (current, now) -> {
            ranOn.add(Thread.currentThread());
            return merging(key("s1"), "a").apply(current, now);
        });

        assertThat(ranOn).isNotEmpty().containsOnly(caller);
        assertThat(store.get(key("s1"))).isPresent();
    }

    @Test
    void manyDistinctKeysQueuedBehindABatch_runAsOneBatchAndAreAllStoredAndAnswered() throws Exception {
        JooqPresenceStore store = store();
        Blocker blocker = new Blocker(store);
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        Map<SessionKey, Future<Transition>> calls = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            SessionKey key = key("s" + i);
            BiFunction<Optional<Session>, Instant, Transition> rule = merging(key, "n" + i);
            calls.put(key, queue(store, key, (current, now) -> {
                ranOn.add(Thread.currentThread());
                return rule.apply(current, now);
            }));
        }

        blocker.release();

        for (Map.Entry<SessionKey, Future<Transition>> call : calls.entrySet()) {
            Transition done = call.getValue().get(10, TimeUnit.SECONDS);
            assertThat(done).isInstanceOf(Transition.Upsert.class);
            assertThat(store.get(call.getKey())).isEqualTo(done.stored());
        }
        assertThat(ranOn).as("the threads that ran the rules: one batch").hasSize(1);
    }

    @Test
    void sameKeyQueuedTwice_runsInQueueOrderInSeparateBatches() throws Exception {
        JooqPresenceStore store = store();
        Blocker blocker = new Blocker(store);
        Future<Transition> first = queue(store, key("s1"), merging(key("s1"), "first"));
        Future<Transition> other = queue(store, key("s2"), merging(key("s2"), "other"));
        Future<Transition> second = queue(store, key("s1"), merging(key("s1"), "second"));

        blocker.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(Transition.Upsert.class);
        assertThat(other.get(10, TimeUnit.SECONDS)).isInstanceOf(Transition.Upsert.class);
        Transition.Upsert later = (Transition.Upsert) second.get(10, TimeUnit.SECONDS);
        assertThat(later.before()).as("the second saw the first").map(Session::state)
                .contains(Map.of("first", true));
        assertThat(store.get(key("s1"))).map(Session::state).contains(Map.of("first", true, "second", true));
    }

    @Test
    void rulesThrowingInABatch_failOnlyTheirOwnCallers() throws Exception {
        JooqPresenceStore store = store();
        Blocker blocker = new Blocker(store);
        Future<Transition> before = queue(store, key("s1"), merging(key("s1"), "a"));
        Future<Transition> throwsAtRead = queue(store, key("s2"), (current, now) -> {
            throw new IllegalStateException("rule failed at the read");
        });
        AtomicInteger asked = new AtomicInteger();
        Future<Transition> throwsWhenLocked = queue(store, key("s3"), (current, now) -> {
            if (asked.incrementAndGet() > 1) {
                throw new IllegalStateException("rule failed under the lock");
            }
            return merging(key("s3"), "c").apply(current, now);
        });
        Future<Transition> after = queue(store, key("s4"), merging(key("s4"), "d"));

        blocker.release();

        assertThat(before.get(10, TimeUnit.SECONDS)).isInstanceOf(Transition.Upsert.class);
        assertThat(after.get(10, TimeUnit.SECONDS)).isInstanceOf(Transition.Upsert.class);
        assertThatThrownBy(() -> throwsAtRead.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessage("rule failed at the read");
        assertThatThrownBy(() -> throwsWhenLocked.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessage("rule failed under the lock");
        assertThat(store.get(key("s1"))).isPresent();
        assertThat(store.get(key("s2"))).isEmpty();
        assertThat(store.get(key("s3"))).isEmpty();
        assertThat(store.get(key("s4"))).isPresent();
    }

    @Test
    void databaseLostDuringABatch_failsEveryWriteWithUnavailable_writesNone_andCallsWorkOnceItIsBack() throws Exception {
        proxy = DB.proxy();
        String prefix = "b" + TABLES.incrementAndGet() + "_";
        JooqPresenceStore direct = store(DB.pool("direct"), prefix);
        JooqPresenceStore store = store(DB.pool("via-proxy", DB.jdbcUrlVia("127.0.0.1", proxy.port())), prefix);
        Blocker blocker = new Blocker(store);
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch cut = new CountDownLatch(1);
        BiFunction<Optional<Session>, Instant, Transition> first = merging(key("s0"), "n");
        List<Future<Transition>> calls = new ArrayList<>();
        calls.add(queue(store, key("s0"), (current, now) -> {
            read.countDown();
            awaitLatch(cut);
            return first.apply(current, now);
        }));
        for (int i = 1; i < 5; i++) {
            calls.add(queue(store, key("s" + i), merging(key("s" + i), "n")));
        }

        blocker.release();
        read.await();
        proxy.cut();
        cut.countDown();

        for (Future<Transition> call : calls) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(SyncException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("could not compute a session");
        }
        for (int i = 0; i < 5; i++) {
            assertThat(direct.get(key("s" + i))).isEmpty();
        }
        proxy.restore();
        assertThat(computeOnceBack(store, key("s0"), first)).isInstanceOf(Transition.Upsert.class);
    }

    /**
     * Calls compute until a pooled connection works: each connection the cut broke fails one call
     * and is then dropped by the pool, so at most a pool's worth of calls fail.
     */
    private static Transition computeOnceBack(JooqPresenceStore store, SessionKey key,
                                              BiFunction<Optional<Session>, Instant, Transition> rule) {
        UnavailableException last = null;
        for (int attempt = 0; attempt <= TestDatabase.POOL_SIZE; attempt++) {
            try {
                return store.compute(key, rule);
            } catch (UnavailableException brokenConnection) {
                last = brokenConnection;
            }
        }
        throw last;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.onSpinWait();
        }
    }
}
