package dev.syncpack.presence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.Admission;
import dev.syncpack.presence.core.ChannelCount;
import dev.syncpack.presence.core.Heartbeat;
import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.core.PresenceRules;
import dev.syncpack.presence.core.Rejection;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link PresenceStore} must show. A store's test extends this class and
 * implements {@link #createStore()}; the suite ships in presence-pack's test-jar. Times are built
 * from {@link PresenceStore#now()}, so stores with their own clock (a database's) run it unchanged.
 */
public abstract class PresenceStoreContract {

    private static final Duration TTL = Duration.ofSeconds(30);

    /** @return a new, empty store; each test gets its own */
    protected abstract PresenceStore createStore();

    private PresenceStore store;
    private Instant now;

    /** Gives each test a new store and the store's current time. */
    @BeforeEach
    public void createFreshStore() {
        store = createStore();
        now = store.now();
    }

    private static SessionKey key(String channel, String actor, String session) {
        return new SessionKey("ws", channel, actor, session);
    }

    private static Session session(SessionKey key, Instant expiresAt, Map<String, Object> state) {
        Instant joined = expiresAt.minus(TTL);
        return new Session(key, state, Activity.ACTIVE, joined, joined, joined, expiresAt);
    }

    private Session put(SessionKey key, Instant expiresAt) {
        Session session = session(key, expiresAt, Map.of("n", 1));
        store.compute(key, (current, storeNow) -> new Transition.Upsert(current, session));
        return session;
    }

    private Session live(SessionKey key) {
        return put(key, now.plus(TTL));
    }

    private Session expired(SessionKey key) {
        return put(key, now.minusSeconds(1));
    }

    @Test
    public void now_isTruncatedToMilliseconds() {
        Instant storeNow = store.now();

        assertThat(storeNow).isEqualTo(storeNow.truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    public void compute_absentKey_storesTheUpsertAndSawNothing() {
        SessionKey key = key("doc", "alice", "s1");
        Session session = session(key, now.plus(TTL), Map.of("name", "Ada"));
        List<Optional<Session>> seen = new ArrayList<>();

        Transition done = store.compute(key, (current, storeNow) -> {
            seen.add(current);
            return new Transition.Upsert(current, session);
        });

        assertThat(seen).containsOnly(Optional.empty());
        assertThat(done).isEqualTo(new Transition.Upsert(Optional.empty(), session));
        assertThat(store.get(key)).contains(session);
    }

    @Test
    public void compute_presentKey_seesTheStoredSessionAndReplacesIt() {
        SessionKey key = key("doc", "alice", "s1");
        Session first = live(key);
        Session second = session(key, now.plus(TTL).plusSeconds(5), Map.of("name", "Bea", "cursor", List.of(1, 2)));

        Transition done = store.compute(key, (current, storeNow) -> new Transition.Upsert(current, second));

        assertThat(done).isEqualTo(new Transition.Upsert(Optional.of(first), second));
        assertThat(store.get(key)).contains(second);
    }

    @Test
    public void compute_delete_removesTheSessionFromEveryRead() {
        SessionKey key = key("doc", "alice", "s1");
        Session session = live(key);

        Transition done = store.compute(key, (current, storeNow) -> new Transition.Delete(current.orElseThrow()));

        assertThat(done).isEqualTo(new Transition.Delete(session));
        assertThat(store.get(key)).isEmpty();
        assertThat(store.list("ws", "doc", now)).isEmpty();
        assertThat(store.count("ws", "doc", now)).isEqualTo(ChannelCount.EMPTY);
        assertThat(store.sessionsOfActor("ws", "alice")).isEmpty();
    }

    @Test
    public void compute_keepAndReject_writeNothing() {
        SessionKey kept = key("doc", "alice", "s1");
        Session session = live(kept);
        SessionKey absent = key("doc", "bob", "s1");

        store.compute(kept, (current, storeNow) -> new Transition.Keep(current));
        store.compute(absent, (current, storeNow) -> new Transition.Reject(current,
                new Rejection.NoLiveSession()));

        assertThat(store.get(kept)).contains(session);
        assertThat(store.get(absent)).isEmpty();
    }

    @Test
    public void compute_ruleGetsTheStoreClock() {
        List<Instant> given = new ArrayList<>();
        Instant before = store.now();

        store.compute(key("doc", "alice", "s1"), (current, storeNow) -> {
            given.add(storeNow);
            return new Transition.Keep(current);
        });

        assertThat(given.getLast()).isBetween(before, store.now())
                .isEqualTo(given.getLast().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    public void compute_ruleThrows_writesNothingAndPropagates() {
        SessionKey key = key("doc", "alice", "s1");
        Session session = live(key);

        assertThatThrownBy(() -> store.compute(key, (current, storeNow) -> {
            throw new IllegalStateException("rule failed");
        })).hasMessageContaining("rule failed");

        assertThat(store.get(key)).contains(session);
    }

    @Test
    public void get_expiredSession_isStillReturned() {
        SessionKey key = key("doc", "alice", "s1");
        Session session = expired(key);

        assertThat(store.get(key)).contains(session);
    }

    @Test
    public void list_returnsOnlyLiveSessionsOfThatScopeAndChannel() {
        Session alice = live(key("doc", "alice", "s1"));
        Session aliceTab = live(key("doc", "alice", "s2"));
        expired(key("doc", "bob", "s1"));
        live(key("other", "carol", "s1"));
        SessionKey otherScope = new SessionKey("ws-2", "doc", "dave", "s1");
        store.compute(otherScope, (c, n) -> new Transition.Upsert(c, session(otherScope, now.plus(TTL), Map.of())));

        assertThat(store.list("ws", "doc", now)).containsExactlyInAnyOrder(alice, aliceTab);
        assertThat(store.list("", "doc", now)).isEmpty();
    }

    @Test
    public void list_judgesLivenessAtTheGivenTime() {
        Session session = live(key("doc", "alice", "s1"));

        assertThat(store.list("ws", "doc", session.expiresAt().minusMillis(1))).containsExactly(session);
        assertThat(store.list("ws", "doc", session.expiresAt())).isEmpty();
    }

    @Test
    public void count_countsLiveSessionsAndDistinctActors() {
        live(key("doc", "alice", "s1"));
        live(key("doc", "alice", "s2"));
        live(key("doc", "bob", "s1"));
        expired(key("doc", "carol", "s1"));
        live(key("other", "dave", "s1"));

        assertThat(store.count("ws", "doc", now)).isEqualTo(new ChannelCount(3, 2));
        assertThat(store.count("ws", "empty", now)).isEqualTo(ChannelCount.EMPTY);
    }

    @Test
    public void countSessions_countsLiveSessionsOfThatScopeAndChannel() {
        live(key("doc", "alice", "s1"));
        live(key("doc", "alice", "s2"));
        expired(key("doc", "carol", "s1"));
        live(key("other", "dave", "s1"));
        live(new SessionKey("elsewhere", "doc", "erin", "s1"));

        assertThat(store.countSessions("ws", "doc", now)).isEqualTo(2);
        assertThat(store.countSessions("ws", "doc", now.minusSeconds(2))).isEqualTo(3);
        assertThat(store.countSessions("ws", "empty", now)).isZero();
    }

    @Test
    public void admission_newKey_countsTheChannelsLiveSessionsAndTheActorsLiveChannelsInThatScope() {
        live(key("doc", "bob", "s1"));
        live(key("doc", "carol", "s1"));
        expired(key("doc", "dave", "s1"));
        live(key("chat", "alice", "s1"));
        live(key("chat", "alice", "s2"));
        expired(key("old", "alice", "s1"));
        live(new SessionKey("ws-2", "doc", "alice", "s1"));
        live(new SessionKey("ws-2", "notes", "alice", "s1"));
        Instant before = store.now();

        Admission admission = store.admission(key("doc", "alice", "s9"));

        assertThat(admission.current()).isEmpty();
        assertThat(admission.channelSessions()).isEqualTo(2);
        assertThat(admission.actorChannels()).containsExactly("chat");
        assertThat(admission.now()).isBetween(before, store.now());
        assertThat(admission.alreadyLive()).isFalse();
    }

    @Test
    public void admission_expiredSessionUnderTheKey_isCurrentButNotLiveOrCounted() {
        SessionKey key = key("doc", "alice", "s1");
        Session old = expired(key);

        Admission admission = store.admission(key);

        assertThat(admission.current()).contains(old);
        assertThat(admission.alreadyLive()).isFalse();
        assertThat(admission.channelSessions()).isZero();
        assertThat(admission.actorChannels()).isEmpty();
    }

    @Test
    public void admission_liveSessionUnderTheKey_isAlreadyLiveAndCounted() {
        SessionKey key = key("doc", "alice", "s1");
        Session session = live(key);

        Admission admission = store.admission(key);

        assertThat(admission.current()).contains(session);
        assertThat(admission.alreadyLive()).isTrue();
        assertThat(admission.channelSessions()).isEqualTo(1);
        assertThat(admission.actorChannels()).containsExactly("doc");
    }

    @Test
    public void sessionsOfActor_returnsEveryChannelOfThatScopeLiveOrExpired() {
        Session doc = live(key("doc", "alice", "s1"));
        Session old = expired(key("chat", "alice", "s1"));
        live(key("doc", "bob", "s1"));
        SessionKey otherScope = new SessionKey("ws-2", "doc", "alice", "s1");
        store.compute(otherScope, (c, n) -> new Transition.Upsert(c, session(otherScope, now.plus(TTL), Map.of())));

        assertThat(store.sessionsOfActor("ws", "alice")).containsExactlyInAnyOrder(doc, old);
    }

    @Test
    public void compute_textAnArrayOrJsonMustEscape_roundTripsExactly() {
        SessionKey key = new SessionKey("", "{a,\"b\"}", "NULL", "back\\slash 🙂 ünï");
        Map<String, Object> state = Map.of("quote\"d", "a\\b{c},\"d\"", "text", "NULL", "emoji", "🙂 ∑ ñ");
        Session written = session(key, now.plus(TTL), state);
        Session renewed = session(key, now.plus(TTL).plusSeconds(1), Map.of("again", "\"{,}\\"));

        store.compute(key, (current, storeNow) -> new Transition.Upsert(current, written));
        Transition seen = store.compute(key, (current, storeNow) -> new Transition.Upsert(current, renewed));

        assertThat(seen).isEqualTo(new Transition.Upsert(Optional.of(written), renewed));
        assertThat(store.get(key)).contains(renewed);
        assertThat(store.list("", "{a,\"b\"}", now)).containsExactly(renewed);
    }

    @Test
    public void keys_withSeparatorsInTheirParts_areDifferentRows() {
        Session first = live(new SessionKey("ws", "a:b", "c", "s"));
        Session second = live(new SessionKey("ws", "a", "b:c", "s"));

        assertThat(store.get(first.key())).contains(first);
        assertThat(store.get(second.key())).contains(second);
        assertThat(store.list("ws", "a:b", now)).containsExactly(first);
        assertThat(store.list("ws", "a", now)).containsExactly(second);
    }

    @Test
    public void deleteIfExpired_expiredSession_deletesAndReturnsIt() {
        SessionKey key = key("doc", "alice", "s1");
        Session session = expired(key);

        assertThat(store.deleteIfExpired(key, now)).contains(session);
        assertThat(store.get(key)).isEmpty();
        assertThat(store.expired(now, 10)).isEmpty();
    }

    @Test
    public void deleteIfExpired_liveSession_keepsIt() {
        SessionKey key = key("doc", "alice", "s1");
        Session session = live(key);

        assertThat(store.deleteIfExpired(key, now)).isEmpty();
        assertThat(store.get(key)).contains(session);
    }

    @Test
    public void deleteIfExpired_atExactlyExpiresAt_deletes() {
        SessionKey key = key("doc", "alice", "s1");
        Session session = live(key);

        assertThat(store.deleteIfExpired(key, session.expiresAt())).contains(session);
    }

    @Test
    public void deleteIfExpired_sessionRenewedAfterTheSweepRead_keepsTheFreshSession() {
        SessionKey key = key("doc", "alice", "s1");
        expired(key);
        Instant sweepTime = store.now();
        List<SessionKey> toSweep = store.expired(sweepTime, 10);
        Session fresh = live(key);

        toSweep.forEach(expiredKey -> store.deleteIfExpired(expiredKey, sweepTime));

        assertThat(toSweep).containsExactly(key);
        assertThat(store.get(key)).contains(fresh);
    }

    @Test
    public void deleteIfExpired_absentKey_isEmpty() {
        assertThat(store.deleteIfExpired(key("doc", "nobody", "s1"), now)).isEmpty();
    }

    @Test
    public void deleteExpired_deletesTheExpiredEarliestFirstUpToTheLimit() {
        Session late = put(key("doc", "a", "s1"), now.minusSeconds(1));
        Session early = put(key("chat", "b", "s1"), now.minusSeconds(3));
        Session middle = put(key("doc", "c", "s1"), now.minusSeconds(2));
        Session stays = live(key("doc", "d", "s1"));

        List<Session> first = store.deleteExpired(now, 2);
        List<Session> second = store.deleteExpired(now, 2);

        assertThat(first).containsExactlyInAnyOrder(early, middle);
        assertThat(second).containsExactly(late);
        assertThat(store.get(late.key())).isEmpty();
        assertThat(store.get(stays.key())).contains(stays);
        assertThat(store.expired(now, 10)).isEmpty();
    }

    @Test
    public void deleteExpired_nothingExpired_deletesNothing() {
        Session stays = live(key("doc", "alice", "s1"));

        assertThat(store.deleteExpired(now, 10)).isEmpty();
        assertThat(store.get(stays.key())).contains(stays);
    }

    @Test
    public void deleteExpired_limitBelowOne_isRejected() {
        assertThatThrownBy(() -> store.deleteExpired(now, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    public void expired_returnsExpiredKeysEarliestFirstUpToTheLimit() {
        SessionKey late = key("doc", "a", "s1");
        SessionKey early = key("doc", "b", "s1");
        SessionKey middle = key("doc", "c", "s1");
        put(late, now.minusSeconds(1));
        put(early, now.minusSeconds(3));
        put(middle, now.minusSeconds(2));
        live(key("doc", "d", "s1"));

        assertThat(store.expired(now, 10)).containsExactly(early, middle, late);
        assertThat(store.expired(now, 2)).containsExactly(early, middle);
    }

    @Test
    public void expired_renewedSession_isNoLongerListed() {
        SessionKey key = key("doc", "alice", "s1");
        expired(key);

        live(key);

        assertThat(store.expired(now, 10)).isEmpty();
        assertThat(store.expired(now.plus(TTL), 10)).containsExactly(key);
    }

    @Test
    public void expired_limitBelowOne_isRejected() {
        assertThatThrownBy(() -> store.expired(now, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    @Timeout(30)
    public void compute_manyThreadsMergingOneKey_losesNoPatch() throws Exception {
        PresenceRules rules = new PresenceRules(new PresencePolicy(TTL, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMinutes(1), Duration.ofMinutes(5), 1_000_000, 10, 10, false));
        SessionKey key = key("doc", "alice", "s1");
        int threads = 8;
        int perThread = 100;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Heartbeat heartbeat = Heartbeat.merging(Map.of("t" + thread + "-" + i, true));
                        store.compute(key, (current, storeNow) -> rules.heartbeat(key, current, heartbeat, storeNow));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.get(key).orElseThrow().state()).hasSize(threads * perThread);
    }

    @Test
    @Timeout(60)
    public void deleteIfExpired_racingAHeartbeat_neverDeletesTheFreshSession() throws Exception {
        PresenceRules rules = new PresenceRules(PresencePolicy.DEFAULTS);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                SessionKey key = key("doc", "alice", "s" + round);
                Session stale = expired(key);
                Instant sweepTime = store.now();
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Transition> heartbeat = pool.submit(() -> {
                    start.await();
                    return store.compute(key, (current, storeNow) ->
                            rules.heartbeat(key, current, Heartbeat.renew(), storeNow));
                });
                int head = round % 20 * 50;
                Future<Optional<Session>> sweep = pool.submit(() -> {
                    start.await();
                    for (int spin = 0; spin < head; spin++) {
                        Thread.onSpinWait();
                    }
                    return store.deleteIfExpired(key, sweepTime);
                });
                Session fresh = heartbeat.get(10, TimeUnit.SECONDS).stored().orElseThrow();
                Optional<Session> deleted = sweep.get(10, TimeUnit.SECONDS);

                assertThat(deleted).satisfiesAnyOf(d -> assertThat(d).isEmpty(), d -> assertThat(d).contains(stale));
                assertThat(store.get(key)).contains(fresh);
                assertThat(fresh.isLiveAt(sweepTime)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(30)
    public void indexes_manyThreadsJoiningAndLeavingOneChannel_stayExact() throws Exception {
        int threads = 8;
        int perThread = 200;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        SessionKey key = key("doc", "actor" + thread, "s" + i);
                        live(key);
                        if (i % 2 == 0) {
                            store.compute(key, (current, storeNow) -> new Transition.Delete(current.orElseThrow()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.list("ws", "doc", now)).hasSize(threads * perThread / 2);
        assertThat(store.count("ws", "doc", now)).isEqualTo(new ChannelCount(threads * perThread / 2, threads));
        assertThat(store.sessionsOfActor("ws", "actor0")).hasSize(perThread / 2);
    }
}
