package dev.syncpack.engine;

import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.PackLifecycle;
import dev.syncpack.spi.PackRuntime;
import dev.syncpack.spi.SyncPack;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.error.ConflictException;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.error.NotFoundException;
import dev.syncpack.spi.error.SyncException;
import dev.syncpack.spi.mutation.MutationDefinition;
import dev.syncpack.spi.schedule.RetryPolicy;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import dev.syncpack.spi.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PackRegistrationTest {

    private final InProcessSyncEngine engine = InProcessSyncEngine.builder().build();
    private final MapTable table = new MapTable();

    @AfterEach
    void close() {
        engine.close();
    }

    private static SyncPack.Builder otherPack(String name) {
        return SyncPack.builder(name, "2.0.0");
    }

    private EngineInspection registeredBeforeFailure() {
        return engine.inspect();
    }

    private void assertNothingOf(String packName, EngineInspection before) {
        EngineInspection after = engine.inspect();
        assertThat(after.packs()).extracting(EngineInspection.PackInfo::name).doesNotContain(packName);
        assertThat(after.collections()).isEqualTo(before.collections());
        assertThat(after.mutations()).isEqualTo(before.mutations());
        assertThat(after.schedules()).isEqualTo(before.schedules());
        assertThat(after.readers()).isEqualTo(before.readers());
        assertThat(after.writers()).isEqualTo(before.writers());
    }

    @Test
    void registerPack_dispatchesEveryField() {
        engine.registerPack(NotesPack.create(table));
        Mirror mirror = new Mirror();
        engine.subscribe("notes", Map.of(), user("alice", "ws"), OptionalLong.empty(), mirror);

        engine.runMutation("notes:add", Map.of("id", "n1", "text", "hello"), user("alice", "ws"));
        table.put(Map.of("id", "old", "owner", "alice", "scope", "ws", "text", "sweep-me"));
        engine.runSchedule("notes:sweep");

        assertThat(table.get("n1")).isPresent();
        assertThat(table.get("old")).isEmpty();
        assertThat(mirror.rows()).containsOnlyKeys("n1");
        EngineInspection inspection = engine.inspect();
        assertThat(inspection.packs()).containsExactly(
                new EngineInspection.PackInfo("notes", "1.0.0", "", List.of("notes"), List.of()));
        assertThat(inspection.readers()).containsExactly("notes");
        assertThat(inspection.writers()).containsExactly("notes");
        assertThat(inspection.mutations()).contains("notes:add", "notes:edit", "notes:remove");
        assertThat(inspection.schedules()).extracting(EngineInspection.ScheduleInfo::name).containsExactly("notes:sweep");
        assertThat(inspection.collections()).extracting(EngineInspection.CollectionInfo::name)
                .containsExactly("notes", "scoped_notes", "note_count");
    }

    @Test
    void registerPack_tableAlreadyOwned_isRejectedNamingBothPacks() {
        engine.registerPack(NotesPack.create(table));
        EngineInspection before = registeredBeforeFailure();

        assertThatThrownBy(() -> engine.registerPack(otherPack("rival").owns("notes").build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Cannot register pack \"rival\"")
                .hasMessageContaining("claims table \"notes\", but pack \"notes\" already owns it");
        assertNothingOf("rival", before);
    }

    @Test
    void registerPack_collectionNameTaken_isRejectedAndNothingIsHalfRegistered() {
        engine.registerPack(NotesPack.create(table));
        EngineInspection before = registeredBeforeFailure();
        MapTable other = new MapTable();
        SyncPack rival = otherPack("rival").owns("rival_rows").reader("rival_rows", other).writer("rival_rows", other)
                .mutation(MutationDefinition.of("rival:ok", Schema.EMPTY, (a, c, x) -> null))
                .collection(CollectionDefinition.builder("notes").tables("rival_rows")
                        .hydrate((p, c) -> other.all()).build())
                .build();

        assertThatThrownBy(() -> engine.registerPack(rival))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("collection \"notes\" is already registered by pack \"notes\"");
        assertNothingOf("rival", before);
        assertThat(engine.inspect().mutations()).doesNotContain("rival:ok");
    }

    @Test
    void registerPack_mutationNameTaken_isRejected() {
        engine.registerPack(NotesPack.create(table));
        EngineInspection before = registeredBeforeFailure();
        SyncPack rival = otherPack("rival").mutation(MutationDefinition.of("notes:add", Schema.EMPTY, (a, c, x) -> null))
                .build();

        assertThatThrownBy(() -> engine.registerPack(rival))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("mutation \"notes:add\" is already registered by pack \"notes\"");
        assertNothingOf("rival", before);
    }

    @Test
    void registerPack_scheduleNameTaken_isRejected() {
        engine.registerPack(NotesPack.create(table));
        EngineInspection before = registeredBeforeFailure();
        SyncPack rival = otherPack("rival")
                .schedule(new ScheduleDefinition("notes:sweep", "0 0 * * * ?", actions -> { }, RetryPolicy.NONE))
                .build();

        assertThatThrownBy(() -> engine.registerPack(rival))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("schedule \"notes:sweep\" is already registered by pack \"notes\"");
        assertNothingOf("rival", before);
    }

    @Test
    void registerPack_readerForATableItNeitherOwnsNorReads_isRejected() {
        SyncPack sneaky = otherPack("sneaky").owns("mine").reader("theirs", table).build();

        assertThatThrownBy(() -> engine.registerPack(sneaky))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("declares a reader for table \"theirs\", which it neither owns nor reads");
        assertThat(engine.inspect().packs()).isEmpty();
        assertThat(engine.inspect().readers()).isEmpty();
    }

    @Test
    void registerPack_writerSchemaOrPermissionsForUndeclaredTables_reportsEveryProblem() {
        SyncPack sneaky = otherPack("sneaky")
                .writer("a", table)
                .schema("b", Schema.EMPTY)
                .permissions("c", dev.syncpack.spi.table.TablePermissions.ALLOW_ALL)
                .build();

        assertThatThrownBy(() -> engine.registerPack(sneaky))
                .hasMessageContaining("writer for table \"a\"")
                .hasMessageContaining("schema for table \"b\"")
                .hasMessageContaining("permissions for table \"c\"");
    }

    @Test
    void registerPack_readerForATableAnotherPackAlreadyServes_isRejected() {
        engine.registerPack(NotesPack.create(table));
        SyncPack reader = otherPack("reader").reads("notes").reader("notes", new MapTable()).build();

        assertThatThrownBy(() -> engine.registerPack(reader))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("declares a reader for table \"notes\", but pack \"notes\" already declared one");
    }

    @Test
    void registerPack_mutationWithoutHandler_isRejected() {
        SyncPack broken = otherPack("broken").mutation(MutationDefinition.of("broken:run", Schema.EMPTY, null)).build();

        assertThatThrownBy(() -> engine.registerPack(broken))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("mutation \"broken:run\" has no handler");
        assertThat(engine.inspect().mutations()).isEmpty();
    }

    @Test
    void registerPack_invalidCron_isRejectedWithQuartzHint() {
        SyncPack broken = otherPack("broken")
                .schedule(new ScheduleDefinition("broken:tick", "*/15 * * * * *", actions -> { }, RetryPolicy.NONE))
                .build();

        assertThatThrownBy(() -> engine.registerPack(broken))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("schedule \"broken:tick\" has an invalid Quartz cron \"*/15 * * * * *\"")
                .hasMessageContaining("0/15 * * * * ?");
    }

    @Test
    void registerPack_collectionOverAnUndeclaredTable_isRejected() {
        SyncPack broken = otherPack("broken").collection(CollectionDefinition.builder("broken_view").tables("elsewhere")
                .hydrate((p, c) -> List.of()).build()).build();

        assertThatThrownBy(() -> engine.registerPack(broken))
                .hasMessageContaining("collection \"broken_view\" reads table \"elsewhere\", which the pack neither owns nor reads");
    }

    @Test
    void registerPack_samePackTwice_isRejectedAsAlreadyRegistered() {
        SyncPack pack = NotesPack.create(table);
        engine.registerPack(pack);

        assertThatThrownBy(() -> engine.registerPack(pack))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("a pack named \"notes\" is already registered");
        assertThat(engine.inspect().packs()).hasSize(1);
    }

    @Test
    void registerPack_nonOverlappingPacks_coexistInRegistrationOrder() {
        engine.registerPack(NotesPack.builder(table).prefix("docs_").build());
        engine.registerPack(NotesPack.builder(new MapTable()).prefix("chat_").build());

        assertThat(engine.inspect().packs()).extracting(EngineInspection.PackInfo::instance, EngineInspection.PackInfo::ownsTables)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("docs_", List.of("docs_notes")),
                        org.assertj.core.groups.Tuple.tuple("chat_", List.of("chat_notes")));
    }

    @Test
    void registerPack_callsOnRegisteredWithARuntimeThatPublishes() {
        AtomicInteger registered = new AtomicInteger();
        PackRuntime[] runtime = new PackRuntime[1];
        SyncPack pack = otherPack("live").owns("live_rows").reader("live_rows", table)
                .collection(CollectionDefinition.builder("live_rows").hydrate((p, c) -> table.all())
                        .match((row, p, c) -> true).build())
                .lifecycle(new PackLifecycle() {
                    @Override
                    public void onRegistered(PackRuntime given) {
                        registered.incrementAndGet();
                        runtime[0] = given;
                    }
                }).build();
        engine.registerPack(pack);
        Mirror mirror = new Mirror();
        engine.subscribe("live_rows", Map.of(), user("alice", "ws"), OptionalLong.empty(), mirror);

        long version = runtime[0].publish(List.of(dev.syncpack.spi.table.RowChange.insert("live_rows", Map.of("id", "x"))));

        assertThat(registered).hasValue(1);
        assertThat(version).isEqualTo(1);
        assertThat(mirror.rows()).containsOnlyKeys("x");
        assertThatThrownBy(() -> runtime[0].publish(List.of(dev.syncpack.spi.table.RowChange.insert("notes", Map.of("id", "y")))))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("does not own it");
    }

    @Test
    void unregisterPack_removesEverythingAndClosesItsSubscriptions() {
        engine.registerPack(NotesPack.create(table));
        engine.subscribe("notes", Map.of(), user("alice", "ws"), OptionalLong.empty(), new Mirror());

        engine.unregisterPack("notes", "");

        EngineInspection inspection = engine.inspect();
        assertThat(inspection.packs()).isEmpty();
        assertThat(inspection.collections()).isEmpty();
        assertThat(inspection.mutations()).isEmpty();
        assertThat(inspection.schedules()).isEmpty();
        assertThatThrownBy(() -> engine.runMutation("notes:add", Map.of("id", "a", "text", "b"), user("alice", "ws")))
                .isInstanceOf(NotFoundException.class);
        engine.registerPack(NotesPack.create(table));
        assertThat(engine.inspect().collections().getFirst().subscriptions()).isZero();
    }

    private static final class BrokenTrigger implements dev.syncpack.spi.ScheduleTrigger {
        @Override
        public void scheduleAdded(ScheduleDefinition schedule) {
            throw new IllegalStateException("scheduler is down");
        }

        @Override
        public void scheduleRemoved(String name) {
        }

        @Override
        public java.util.Optional<java.time.Instant> nextFire(String name) {
            return java.util.Optional.empty();
        }
    }

    @Test
    void registerPack_triggerFailsToBindASchedule_leavesNothingRegistered() {
        engine.attachScheduleTrigger(new BrokenTrigger());

        assertThatThrownBy(() -> engine.registerPack(NotesPack.create(table)))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("binding the schedules of pack \"notes\"")
                .hasMessageContaining("scheduler is down");
        assertThat(engine.inspect().packs()).isEmpty();
        assertThat(engine.inspect().mutations()).isEmpty();
    }

    @Test
    void attachScheduleTrigger_thatFailsToBind_isNotAttached() {
        engine.registerPack(NotesPack.create(table));

        assertThatThrownBy(() -> engine.attachScheduleTrigger(new BrokenTrigger())).hasMessage("scheduler is down");
        assertThat(engine.inspect().schedules().getFirst().nextFireAt()).isNull();
    }

    @Test
    void unregisterPack_unknown_isNotFound() {
        assertThatThrownBy(() -> engine.unregisterPack("ghost", ""))
                .isInstanceOf(NotFoundException.class)
                .extracting(e -> ((SyncException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
