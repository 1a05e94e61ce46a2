package dev.syncpack.engine;

import static dev.syncpack.engine.fixtures.Latches.await;
import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link InProcessSyncEngine.Builder#diffInterval}: one net diff per view per flush, exact at subscribe. */
class DiffIntervalTest {

    private static final SyncContext ALICE = user("alice", "ws-a");
    private static final SyncContext BOB = user("bob", "ws-a");

    private final MapTable table = new MapTable();
    private final ManualFlushTimer timer = new ManualFlushTimer();
    private final InProcessSyncEngine engine = InProcessSyncEngine.builder()
            .diffInterval(Duration.ofMillis(50)).flushTimer(timer).build();

    @BeforeEach
    void register() {
        engine.registerPack(NotesPack.create(table));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private Mirror subscribe(String collection, SyncContext ctx) {
        return subscribe(collection, ctx, OptionalLong.empty());
    }

    private Mirror subscribe(String collection, SyncContext ctx, OptionalLong since) {
        Mirror mirror = new Mirror();
        engine.subscribe(collection, Map.of(), ctx, since, mirror);
        return mirror;
    }

    private void add(String id, String text) {
        engine.runMutation("notes:add", Map.of("id", id, "text", text), ALICE);
    }

    private void edit(String id, String text) {
        engine.runMutation("notes:edit", Map.of("id", id, "text", text), ALICE);
    }

    private void remove(String id) {
        engine.runMutation("notes:remove", Map.of("id", id), ALICE);
    }

    private Map<Object, Map<String, Object>> fresh(String collection, SyncContext ctx) {
        return engine.hydrate(collection, Map.of(), ctx).stream().collect(Collectors.toMap(row -> row.get("id"), row -> row));
    }

    @Test
    void commit_deliversNothingUntilTheFlush() {
        Mirror mirror = subscribe("notes", ALICE);

        add("a1", "t");

        assertThat(mirror.diffs()).isEmpty();
        assertThat(timer.pending()).isEqualTo(1);
    }

    @Test
    void changeAfterAQuietInterval_isFlushedAtOnce_andChangesInTheIntervalAfterAFlushWaitForItsEnd() {
        Mirror mirror = subscribe("notes", ALICE);

        add("a1", "t");
        List<Duration> afterQuiet = timer.delays();
        timer.fire();
        List<Duration> afterFlush = timer.delays();
        add("a2", "t");
        add("a3", "t");
        List<Duration> duringInterval = timer.delays();
        int diffsBeforeTheIntervalEnds = mirror.diffs().size();
        timer.fire();
        timer.fire();

        assertThat(afterQuiet).containsExactly(Duration.ZERO);
        assertThat(afterFlush).containsExactly(Duration.ofMillis(50));
        assertThat(duringInterval).containsExactly(Duration.ofMillis(50));
        assertThat(diffsBeforeTheIntervalEnds).isEqualTo(1);
        assertThat(mirror.diffs()).hasSize(2);
        assertThat(mirror.diffs().get(1).added()).extracting(row -> row.get("id")).containsExactly("a2", "a3");
        assertThat(timer.pending()).isZero();
    }

    @Test
    void flush_sendsOneNetDiffAtTheVersionOfTheLastChange() {
        Mirror mirror = subscribe("notes", ALICE);
        add("a1", "first");
        edit("a1", "second");
        add("a2", "t");

        timer.fire();

        assertThat(mirror.diffs()).singleElement().satisfies(diff -> {
            assertThat(diff.version()).isEqualTo(3);
            assertThat(diff.added()).extracting(row -> row.get("id") + "=" + row.get("text"))
                    .containsExactly("a1=second", "a2=t");
            assertThat(diff.changed()).isEmpty();
            assertThat(diff.removed()).isEmpty();
        });
    }

    @Test
    void flush_aRowAddedThenRemovedWithinTheInterval_sendsNothing() {
        Mirror mirror = subscribe("notes", ALICE);
        add("a1", "t");
        remove("a1");

        timer.fire();

        assertThat(mirror.diffs()).isEmpty();
    }

    @Test
    void flush_aRowChangedThenRemoved_isRemovedWithTheValuesTheSubscriberHeld() {
        add("a1", "held");
        Mirror mirror = subscribe("notes", ALICE);
        edit("a1", "unseen");
        remove("a1");

        timer.fire();

        assertThat(mirror.diffs()).singleElement().satisfies(diff ->
                assertThat(diff.removed()).extracting(row -> row.get("text")).containsExactly("held"));
    }

    @Test
    void flush_aRowRemovedThenAddedBack_isAChange() {
        add("a1", "old");
        Mirror mirror = subscribe("notes", ALICE);
        remove("a1");
        add("a1", "new");

        timer.fire();

        assertThat(mirror.diffs()).singleElement().satisfies(diff -> {
            assertThat(diff.added()).isEmpty();
            assertThat(diff.removed()).isEmpty();
            assertThat(diff.changed()).extracting(row -> row.get("text")).containsExactly("new");
        });
    }

    @Test
    void flush_aSharedViewSendsTheSameDiffObjectToEverySubscriber() {
        Mirror alice = subscribe("scoped_notes", ALICE);
        Mirror bob = subscribe("scoped_notes", BOB);
        add("a1", "t");
        add("a2", "t");

        timer.fire();

        assertThat(alice.diffs()).singleElement().isSameAs(bob.diffs().getFirst());
    }

    @Test
    void subscribe_toAViewWithUnsentChanges_flushesItFirstSoBothMirrorsStayExact() {
        Mirror alice = subscribe("scoped_notes", ALICE);
        add("a1", "t");

        Mirror bob = subscribe("scoped_notes", BOB);
        edit("a1", "later");
        timer.fire();

        assertThat(alice.diffs()).hasSize(2);
        assertThat(bob.events()).first().isInstanceOfSatisfying(SubscriptionEvent.Snapshot.class,
                snapshot -> assertThat(snapshot.rows()).extracting(row -> row.get("text")).containsExactly("t"));
        assertThat(bob.diffs()).singleElement().satisfies(diff ->
                assertThat(diff.changed()).extracting(row -> row.get("text")).containsExactly("later"));
        assertThat(alice.rows()).isEqualTo(fresh("scoped_notes", ALICE)).isEqualTo(bob.rows());
    }

    @Test
    void resume_withChangesUnsentWhenTheClientLeft_catchesUpExactly() {
        subscribe("scoped_notes", BOB);
        Mirror client = new Mirror();
        Subscription first = engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.empty(), client);
        add("a1", "t");
        timer.fire();
        add("a2", "unsent");
        first.close();
        remove("a1");

        engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.of(client.version()), client);
        timer.fire();

        assertThat(client.events().get(2)).isInstanceOfSatisfying(SubscriptionEvent.Diff.class, diff -> {
            assertThat(diff.version()).isEqualTo(3);
            assertThat(diff.changed()).extracting(row -> row.get("id")).containsExactly("a2");
            assertThat(diff.removed()).extracting(row -> row.get("id")).containsExactly("a1");
        });
        assertThat(client.events()).hasSize(3);
        assertThat(client.rows()).isEqualTo(fresh("scoped_notes", ALICE));
    }

    @Test
    void flush_reHydratesARefetchCollectionOncePerFlush() {
        Mirror mirror = subscribe("note_count", ALICE);
        add("a1", "t");
        add("a2", "t");
        add("a3", "t");

        timer.fire();

        assertThat(mirror.diffs()).singleElement().satisfies(diff ->
                assertThat(diff.changed()).singleElement().satisfies(row -> assertThat(row).containsEntry("count", 3L)));
    }

    @Test
    void closingTheLastSubscriber_cancelsTheFlush() {
        Subscription only = engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), new Mirror());
        add("a1", "t");

        only.close();

        assertThat(timer.pending()).isZero();
    }

    @Test
    void unregisteringThePack_leavesNoFlushPending() {
        subscribe("notes", ALICE);
        subscribe("scoped_notes", BOB);
        add("a1", "t");

        engine.unregisterPack("notes", "");

        assertThat(timer.pending()).isZero();
    }

    @Test
    void closingTheEngine_closesItsTimer() {
        subscribe("notes", ALICE);
        add("a1", "t");

        engine.close();

        assertThat(timer.isClosed()).isTrue();
        assertThat(timer.pending()).isZero();
    }

    @Test
    @Timeout(10)
    void commit_whileAFlushHandsADiffToASlowListener_doesNotWaitForIt() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), event -> {
            if (event instanceof SubscriptionEvent.Diff) {
                inListener.countDown();
                await(release);
            }
        });
        add("a1", "t");
        Thread flusher = Thread.ofPlatform().start(timer::fire);
        await(inListener);

        add("a2", "t");

        release.countDown();
        flusher.join();
        assertThat(timer.pending()).isEqualTo(1);
    }

    @Test
    void listenerThatThrows_isClosedAndOthersStillReceive() {
        Subscription broken = engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.empty(), event -> {
            if (event instanceof SubscriptionEvent.Diff) {
                throw new IllegalStateException("broken listener");
            }
        });
        Mirror bob = subscribe("scoped_notes", BOB);
        add("a1", "t");

        timer.fire();
        add("a2", "t");
        timer.fire();

        assertThat(bob.diffs()).hasSize(2);
        assertThat(broken).isInstanceOfSatisfying(SubscriptionHandle.class, handle ->
                assertThat(handle.isClosed()).isTrue());
    }

    @Test
    void diffInterval_negative_isRejectedNamingTheOptionAndValue() {
        assertThatThrownBy(() -> InProcessSyncEngine.builder().diffInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("diffInterval must not be negative, was PT-0.001S");
    }

    /** Real timer: the engine's own flush thread delivers without anyone firing it. */
    @Test
    @Timeout(10)
    void ownFlushThread_deliversTheDiffAfterTheInterval() throws Exception {
        try (InProcessSyncEngine timed = InProcessSyncEngine.builder().diffInterval(Duration.ofMillis(5)).build()) {
            timed.registerPack(NotesPack.create(new MapTable()));
            CountDownLatch delivered = new CountDownLatch(1);
            timed.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), event -> {
                if (event instanceof SubscriptionEvent.Diff) {
                    delivered.countDown();
                }
            });

            timed.runMutation("notes:add", Map.of("id", "a1", "text", "t"), ALICE);

            assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
