package dev.syncpack.engine;

import static dev.syncpack.engine.fixtures.Latches.await;
import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ResumeTest {

    private static final SyncContext ALICE = user("alice", "ws-a");
    private static final SyncContext BOB = user("bob", "ws-a");
    private static final SyncContext EVE = user("eve", "ws-b");

    private InProcessSyncEngine engine = InProcessSyncEngine.builder().build();
    private final MapTable table = new MapTable();

    @AfterEach
    void close() {
        engine.close();
    }

    private void start(int changeLogSize) {
        engine.close();
        engine = InProcessSyncEngine.builder().changeLogSize(changeLogSize).build();
        engine.registerPack(NotesPack.create(table));
    }

    private void add(SyncContext ctx, String id) {
        engine.runMutation("notes:add", Map.of("id", id, "text", "t"), ctx);
    }

    @Test
    void versions_snapshotReportsTheCurrentVersionAndDiffsCountUp() {
        start(16);
        Mirror mirror = new Mirror();
        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), mirror);

        add(ALICE, "a1");
        add(ALICE, "a2");

        assertThat(mirror.events()).extracting(SubscriptionEvent::version).containsExactly(0L, 1L, 2L);
    }

    /** Keeps the scope's shared view of {@code scoped_notes} live, as another client of the scope would. */
    private void keepTheViewOfWsALive() {
        engine.subscribe("scoped_notes", Map.of(), BOB, OptionalLong.empty(), new Mirror());
    }

    @Test
    void resume_onAViewLiveSinceBefore_sendsACatchUpDiffInsteadOfASnapshot() {
        start(16);
        keepTheViewOfWsALive();
        Mirror before = new Mirror();
        Subscription first = engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.empty(), before);
        add(ALICE, "a1");
        add(ALICE, "a2");
        long held = before.version();
        first.close();
        engine.runMutation("notes:edit", Map.of("id", "a1", "text", "edited"), ALICE);
        engine.runMutation("notes:remove", Map.of("id", "a2"), ALICE);
        add(ALICE, "a3");
        add(EVE, "e1");

        Mirror resumed = new Mirror();
        engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.of(held), resumed);

        assertThat(resumed.events()).singleElement().isInstanceOfSatisfying(SubscriptionEvent.Diff.class, diff -> {
            assertThat(diff.version()).isEqualTo(6);
            assertThat(diff.added()).isEmpty();
            assertThat(diff.changed()).extracting(row -> row.get("id")).containsExactly("a1", "a3");
            assertThat(diff.removed()).extracting(row -> row.get("id")).containsExactly("a2");
        });
    }

    @Test
    void resume_catchUpAppliedToTheHeldRows_equalsAFreshSnapshot() {
        start(16);
        keepTheViewOfWsALive();
        Mirror client = new Mirror();
        Subscription first = engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.empty(), client);
        add(ALICE, "a1");
        add(ALICE, "a2");
        first.close();
        engine.runMutation("notes:remove", Map.of("id", "a1"), ALICE);
        add(ALICE, "a3");

        engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.of(client.version()), client);

        assertThat(client.events().getLast()).isInstanceOf(SubscriptionEvent.Diff.class);
        assertThat(client.rows()).isEqualTo(engine.hydrate("scoped_notes", Map.of(), ALICE).stream()
                .collect(java.util.stream.Collectors.toMap(row -> row.get("id"), row -> row)));
    }

    @Test
    void resume_onAViewBuiltForIt_answersASnapshot() {
        start(16);
        Mirror before = new Mirror();
        Subscription first = engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), before);
        add(ALICE, "a1");
        first.close();
        add(ALICE, "a2");

        Mirror resumed = new Mirror();
        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.of(before.version()), resumed);

        assertThat(resumed.events()).singleElement().isInstanceOfSatisfying(SubscriptionEvent.Snapshot.class,
                snapshot -> assertThat(snapshot.rows()).extracting(row -> row.get("id")).containsExactly("a1", "a2"));
    }

    @Test
    @Timeout(10)
    void resume_whileAWriteWaitsForItsCommit_stillDeliversTheWrite() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        engine.registerPack(NotesPack.builder(table).sweep(actions -> {
            actions.insert("notes", Map.of("id", "late", "owner", "alice", "scope", "ws-a", "text", "t"));
            written.countDown();
            await(commit);
        }).build());
        Mirror client = new Mirror();
        Subscription first = engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), client);
        add(ALICE, "a1");
        first.close();
        Thread writer = Thread.ofPlatform().start(() -> engine.runSchedule("notes:sweep"));
        await(written);

        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.of(client.version()), client);
        commit.countDown();
        writer.join();

        assertThat(client.rows()).containsOnlyKeys("a1", "late");
    }

    @Test
    void resume_logTrimmedPastSince_fallsBackToASnapshot() {
        start(2);
        add(ALICE, "a1");
        add(ALICE, "a2");
        add(ALICE, "a3");
        add(ALICE, "a4");

        Mirror resumed = new Mirror();
        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.of(1), resumed);

        assertThat(resumed.events()).singleElement().isInstanceOfSatisfying(SubscriptionEvent.Snapshot.class,
                snapshot -> assertThat(snapshot.rows()).hasSize(4));
    }

    @Test
    void resume_sinceAheadOfThisEngine_fallsBackToASnapshot() {
        start(16);
        add(ALICE, "a1");

        Mirror resumed = new Mirror();
        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.of(99), resumed);

        assertThat(resumed.events()).singleElement().isInstanceOf(SubscriptionEvent.Snapshot.class);
    }

    @Test
    void resume_nothingChanged_sendsAnEmptyCatchUpAtTheCurrentVersion() {
        start(16);
        keepTheViewOfWsALive();
        add(ALICE, "a1");

        Mirror resumed = new Mirror();
        engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.of(1), resumed);

        assertThat(resumed.events()).singleElement().isInstanceOfSatisfying(SubscriptionEvent.Diff.class, diff -> {
            assertThat(diff.isEmpty()).isTrue();
            assertThat(diff.version()).isEqualTo(1);
        });
    }

    @Test
    void resume_neverRevealsAnotherTenantsRemovedRows() {
        start(16);
        keepTheViewOfWsALive();
        add(ALICE, "a1");
        add(EVE, "e1");
        engine.runMutation("notes:remove", Map.of("id", "e1"), EVE);

        Mirror resumed = new Mirror();
        engine.subscribe("scoped_notes", Map.of(), ALICE, OptionalLong.of(1), resumed);

        assertThat(resumed.events()).singleElement().isInstanceOfSatisfying(SubscriptionEvent.Diff.class,
                diff -> assertThat(diff.isEmpty()).isTrue());
    }

    @Test
    void resume_refetchCollection_alwaysGetsASnapshot() {
        start(16);
        add(ALICE, "a1");
        add(ALICE, "a2");

        Mirror resumed = new Mirror();
        engine.subscribe("note_count", Map.of(), ALICE, OptionalLong.of(1), resumed);

        assertThat(resumed.events()).singleElement().isInstanceOfSatisfying(SubscriptionEvent.Snapshot.class,
                snapshot -> assertThat(snapshot.rows()).singleElement().satisfies(row ->
                        assertThat(row).containsEntry("count", 2L)));
    }

    @Test
    void inspect_recentChangesListTheNewestChanges() {
        start(16);
        add(ALICE, "a1");
        engine.runMutation("notes:remove", Map.of("id", "a1"), ALICE);

        assertThat(engine.inspect().recentChanges()).extracting(c -> c.version() + ":" + c.table() + ":" + c.op())
                .containsExactly("1:notes:INSERT", "2:notes:DELETE");
    }
}
