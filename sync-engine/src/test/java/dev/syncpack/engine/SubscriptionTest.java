package dev.syncpack.engine;

import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncPack;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.error.NotFoundException;
import dev.syncpack.spi.error.SyncException;
import dev.syncpack.spi.error.UnauthorizedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    private static final SyncContext ALICE = user("alice", "ws-a");
    private static final SyncContext BOB = user("bob", "ws-a");
    private static final SyncContext EVE = user("eve", "ws-b");

    private final InProcessSyncEngine engine = InProcessSyncEngine.builder().build();
    private final MapTable table = new MapTable();

    @BeforeEach
    void register() {
        engine.registerPack(NotesPack.create(table));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private Mirror subscribe(String collection, Map<String, Object> params, SyncContext ctx) {
        Mirror mirror = new Mirror();
        engine.subscribe(collection, params, ctx, OptionalLong.empty(), mirror);
        return mirror;
    }

    private void add(SyncContext ctx, String id, String text) {
        engine.runMutation("notes:add", Map.of("id", id, "text", text), ctx);
    }

    private int subscriptions(String collection) {
        return engine.inspect().collections().stream().filter(c -> c.name().equals(collection)).findFirst()
                .orElseThrow().subscriptions();
    }

    @Test
    void subscribe_snapshotIsScopedToTheCallerByTheReadRule() {
        add(ALICE, "a1", "alice's");
        add(EVE, "e1", "eve's");

        Mirror mirror = subscribe("notes", Map.of(), BOB);

        assertThat(mirror.events()).singleElement().isInstanceOf(SubscriptionEvent.Snapshot.class);
        assertThat(mirror.rows()).containsOnlyKeys("a1");
    }

    @Test
    void subscribe_unknownCollection_isNotFound() {
        assertThatThrownBy(() -> subscribe("nope", Map.of(), ALICE))
                .isInstanceOf(NotFoundException.class).hasMessage("Unknown collection \"nope\"");
    }

    @Test
    void subscribe_badParams_isInvalidArgumentNamingTheField() {
        assertThatThrownBy(() -> subscribe("notes", Map.of("owner", 7), ALICE))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid parameters of collection \"notes\": field \"owner\" must be a non-empty string");
        assertThat(subscriptions("notes")).isZero();
    }

    @Test
    void subscribe_deniedByAuthorize_isUnauthorizedAndLeavesNoSubscription() {
        MapTable secrets = new MapTable();
        engine.registerPack(SyncPack.builder("secrets", "1").owns("secrets").reader("secrets", secrets)
                .collection(CollectionDefinition.builder("secrets").hydrate((p, c) -> secrets.all())
                        .match((r, p, c) -> true).authorize((params, ctx) -> false).build())
                .build());

        assertThatThrownBy(() -> subscribe("secrets", Map.of(), ALICE))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("Not authorized to subscribe to collection \"secrets\"");
        assertThat(subscriptions("secrets")).isZero();
    }

    @Test
    void diff_anEnteringRowIsAdded() {
        Mirror mirror = subscribe("notes", Map.of(), ALICE);

        add(ALICE, "a1", "hello");

        assertThat(mirror.diffs()).singleElement().satisfies(diff -> {
            assertThat(diff.added()).extracting(row -> row.get("id")).containsExactly("a1");
            assertThat(diff.changed()).isEmpty();
        });
    }

    @Test
    void diff_anotherTenantsRowIsNeverDelivered() {
        Mirror mirror = subscribe("notes", Map.of(), ALICE);

        add(EVE, "e1", "private");

        assertThat(mirror.diffs()).isEmpty();
    }

    @Test
    void diff_aRowLeavingTheMatchIsRemoved() {
        Mirror mine = subscribe("notes", Map.of("owner", "alice"), ALICE);
        add(ALICE, "a1", "x");

        engine.runMutation("notes:remove", Map.of("id", "a1"), ALICE);

        assertThat(mine.diffs()).hasSize(2);
        assertThat(mine.diffs().getLast().removed()).extracting(row -> row.get("id")).containsExactly("a1");
        assertThat(mine.rows()).isEmpty();
    }

    @Test
    void diff_sameChangeFansOutToEverySubscriber() {
        Mirror first = subscribe("notes", Map.of(), ALICE);
        Mirror second = subscribe("notes", Map.of(), BOB);

        add(ALICE, "a1", "x");

        assertThat(first.rows()).containsOnlyKeys("a1");
        assertThat(second.rows()).containsOnlyKeys("a1");
    }

    @Test
    void diff_emptyDiffsAreNotPushed() {
        Mirror onlyBobs = subscribe("notes", Map.of("owner", "bob"), BOB);

        add(ALICE, "a1", "not bob's");

        assertThat(onlyBobs.events()).hasSize(1);
    }

    @Test
    void unsubscribe_stopsDiffsAndDropsTheCount() {
        Mirror mirror = new Mirror();
        Subscription subscription = engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), mirror);
        assertThat(subscriptions("notes")).isEqualTo(1);

        subscription.close();
        subscription.close();
        add(ALICE, "a1", "x");

        assertThat(mirror.diffs()).isEmpty();
        assertThat(subscriptions("notes")).isZero();
    }

    @Test
    void refetchCollection_withoutMatch_reHydratesOnEveryChange() {
        Mirror count = subscribe("note_count", Map.of(), ALICE);

        add(ALICE, "a1", "x");
        add(BOB, "b1", "y");

        assertThat(count.rows().get("count")).containsEntry("count", 2L);
        assertThat(count.diffs()).hasSize(2).allSatisfy(diff -> assertThat(diff.changed()).hasSize(1));
        assertThat(engine.inspect().collections()).filteredOn(c -> c.name().equals("note_count"))
                .singleElement().extracting(c -> c.kind()).isEqualTo("refetch");
    }

    @Test
    void readRule_filtersSnapshotsEvenWhenHydrateIsTooLoose() {
        add(ALICE, "a1", "x");
        add(EVE, "e1", "y");

        assertThat(subscribe("notes", Map.of(), EVE).rows()).containsOnlyKeys("e1");
        assertThat(engine.hydrate("notes", Map.of(), EVE)).extracting(row -> row.get("id")).containsExactly("e1");
    }

    @Test
    void partitionedCollection_sharesOneViewPerPartitionAndRoutesByPartition() {
        Mirror alice = subscribe("scoped_notes", Map.of(), ALICE);
        Mirror bob = subscribe("scoped_notes", Map.of(), BOB);
        Mirror eve = subscribe("scoped_notes", Map.of(), EVE);

        add(ALICE, "a1", "x");
        add(EVE, "e1", "y");

        assertThat(alice.rows()).containsOnlyKeys("a1");
        assertThat(bob.rows()).containsOnlyKeys("a1");
        assertThat(eve.rows()).containsOnlyKeys("e1");
        assertThat(alice.diffs().getFirst()).isSameAs(bob.diffs().getFirst());
        assertThat(subscriptions("scoped_notes")).isEqualTo(3);
    }

    @Test
    void partitionedCollection_aLateSubscriberJoinsTheLiveViewWithoutHydrating() {
        subscribe("scoped_notes", Map.of(), ALICE);
        add(ALICE, "a1", "x");
        table.put(Map.of("id", "sneaked", "owner", "alice", "scope", "ws-a", "text", "written around the engine"));

        Mirror late = subscribe("scoped_notes", Map.of(), BOB);

        assertThat(late.rows()).containsOnlyKeys("a1");
    }

    @Test
    void partitionedCollection_lateSubscribersOfAnUnchangedViewShareOneListOfItsRows() {
        subscribe("scoped_notes", Map.of(), ALICE);
        add(ALICE, "a1", "x");
        List<List<Map<String, Object>>> snapshots = new ArrayList<>();
        SubscriptionListener keepSnapshot = event -> {
            if (event instanceof SubscriptionEvent.Snapshot snapshot) {
                snapshots.add(snapshot.rows());
            }
        };

        engine.subscribe("scoped_notes", Map.of(), BOB, OptionalLong.empty(), keepSnapshot);
        engine.subscribe("scoped_notes", Map.of(), BOB, OptionalLong.empty(), keepSnapshot);
        add(ALICE, "a2", "y");
        engine.subscribe("scoped_notes", Map.of(), BOB, OptionalLong.empty(), keepSnapshot);

        assertThat(snapshots).hasSize(3);
        assertThat(snapshots.get(1)).isSameAs(snapshots.get(0));
        assertThat(snapshots.get(2)).extracting(row -> row.get("id")).containsExactly("a1", "a2");
    }

    @Test
    void listenerThatThrows_isClosedAndOthersStillReceive() {
        engine.subscribe("notes", Map.of(), ALICE, OptionalLong.empty(), event -> {
            if (event instanceof SubscriptionEvent.Diff) {
                throw new IllegalStateException("broken client");
            }
        });
        Mirror healthy = subscribe("notes", Map.of(), BOB);

        add(ALICE, "a1", "x");
        add(ALICE, "a2", "y");

        assertThat(healthy.rows()).containsOnlyKeys("a1", "a2");
        assertThat(subscriptions("notes")).isEqualTo(1);
    }

    @Test
    void subscribe_changesCommittedDuringHydrateAreNotLost() {
        MapTable slow = new MapTable();
        java.util.concurrent.atomic.AtomicReference<Runnable> duringHydrate = new java.util.concurrent.atomic.AtomicReference<>(() -> { });
        engine.registerPack(SyncPack.builder("slow", "1").owns("slow").reader("slow", slow).writer("slow", slow)
                .collection(CollectionDefinition.builder("slow").hydrate((p, c) -> {
                    List<Map<String, Object>> rows = slow.all();
                    duringHydrate.get().run();
                    return rows;
                }).match((r, p, c) -> true).build())
                .mutation(dev.syncpack.spi.mutation.MutationDefinition.of("slow:add",
                        dev.syncpack.spi.schema.Schema.builder().field("id", dev.syncpack.spi.schema.Fields.string(9)).build(),
                        (args, ctx, actions) -> actions.insert("slow", Map.of("id", args.get("id")))))
                .build());
        duringHydrate.set(() -> engine.runMutation("slow:add", Map.of("id", "racer"), ALICE));

        Mirror mirror = subscribe("slow", Map.of(), ALICE);

        assertThat(slow.get("racer")).isPresent();
        assertThat(mirror.rows()).containsOnlyKeys("racer");
    }

    @Test
    void hydrate_unknownCollection_isNotFoundWithStableCode() {
        assertThatThrownBy(() -> engine.hydrate("nope", Map.of(), ALICE))
                .isInstanceOf(SyncException.class)
                .extracting(e -> ((SyncException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
