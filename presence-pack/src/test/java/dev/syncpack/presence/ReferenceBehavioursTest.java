package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 13 behaviours of the reference's presence tests (absolutejs-behaviours.md §3.1), on session
 * rows, asserting what live subscribers receive as well as what a fresh snapshot shows.
 */
class ReferenceBehavioursTest {

    private static final SyncContext ALICE = user("c-alice", "alice", null);
    private static final SyncContext BOB = user("c-bob", "bob", null);
    private static final SyncContext VIEWER = user("c-viewer", "viewer", null);

    private PresenceHarness harness = PresenceHarness.create(b -> b.heartbeatTtl(Duration.ofSeconds(10)));

    @AfterEach
    void close() {
        harness.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(Map<String, Object> row) {
        return (Map<String, Object>) row.get("state");
    }

    @Test
    void heartbeat_twice_keepsOneRowWithTheLatestStateAndTimes() {
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1", "state", Map.of("typing", false));
        harness.at(7000);
        harness.heartbeat(ALICE, "doc-1", "state", Map.of("typing", true));

        List<Map<String, Object>> rows = harness.subscribe(VIEWER, "doc-1").snapshot().rows();

        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.getFirst();
        assertThat(row).containsEntry("actorId", "alice").containsEntry("channel", "doc-1")
                .containsEntry("heartbeatAt", 7000L).containsEntry("expiresAt", 17_000L);
        assertThat(state(row)).containsEntry("typing", true);
        assertThat(live.diffs()).hasSize(2);
        assertThat(live.diffs().get(0).added()).hasSize(1);
        assertThat(live.diffs().get(1).changed()).containsExactly(row);
        assertThat(live.rows()).containsExactly(row);
    }

    @Test
    void leave_removesOnlyTheLeaver() {
        harness.heartbeat(ALICE, "doc-1");
        harness.heartbeat(BOB, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        harness.mutate("leave", ALICE, "channel", "doc-1");

        assertThat(harness.subscribe(VIEWER, "doc-1").snapshot().rows())
                .extracting(row -> row.get("actorId")).containsExactly("bob");
        assertThat(live.diffs()).singleElement().satisfies(diff -> {
            assertThat(diff.removed()).extracting(row -> row.get("actorId")).containsExactly("alice");
            assertThat(diff.added()).isEmpty();
            assertThat(diff.changed()).isEmpty();
        });
    }

    @Test
    void cleanup_deletesExpiredSessionsAndPushesTheRemoval() {
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1");
        harness.at(2000);
        harness.heartbeat(BOB, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        assertThat(harness.store.count("", "doc-1", Instant.ofEpochMilli(2000)).sessions()).isEqualTo(2);

        harness.at(11_500);
        harness.cleanup();

        assertThat(harness.store.sessionsOfActor("", "alice")).isEmpty();
        assertThat(harness.store.sessionsOfActor("", "bob")).hasSize(1);
        assertThat(live.lastDiff().removed()).extracting(row -> row.get("actorId")).containsExactly("alice");
        assertThat(live.rows()).extracting(row -> row.get("actorId")).containsExactly("bob");
    }

    @Test
    void scopes_seeOnlyTheirOwnSessions() {
        SyncContext aliceA = user("c-alice", "alice", "ws-a");
        SyncContext bobB = user("c-bob", "bob", "ws-b");
        Mirror liveA = harness.subscribe(aliceA, "doc-1");
        Mirror liveB = harness.subscribe(bobB, "doc-1");

        harness.heartbeat(aliceA, "doc-1");
        harness.heartbeat(bobB, "doc-1");

        assertThat(harness.subscribe(aliceA, "doc-1").snapshot().rows()).extracting(row -> row.get("actorId"))
                .containsExactly("alice");
        assertThat(harness.subscribe(bobB, "doc-1").snapshot().rows()).extracting(row -> row.get("actorId"))
                .containsExactly("bob");
        assertThat(liveA.diffs()).singleElement().satisfies(diff ->
                assertThat(diff.added()).extracting(row -> row.get("scope")).containsExactly("ws-a"));
        assertThat(liveB.diffs()).singleElement().satisfies(diff ->
                assertThat(diff.added()).extracting(row -> row.get("scope")).containsExactly("ws-b"));
    }

    @Test
    void prefixedPacks_coexistAndShowInInspect() {
        harness.close();
        FakeClock clock = new FakeClock();
        try (InProcessSyncEngine engine = InProcessSyncEngine.builder().clock(clock).build()) {
            engine.registerPack(PresenceHarness.standard("docs_", clock, new InMemoryPresenceStore(clock),
                    new ManualTimer()).build());
            engine.registerPack(PresenceHarness.standard("chat_", clock, new InMemoryPresenceStore(clock),
                    new ManualTimer()).build());
            Mirror docs = new Mirror();
            Mirror chat = new Mirror();
            engine.subscribe("docs_presence", Map.of("channel", "doc-1"), VIEWER, OptionalLong.empty(), docs);
            engine.subscribe("chat_presence", Map.of("channel", "doc-1"), VIEWER, OptionalLong.empty(), chat);

            engine.runMutation("docs_presence:heartbeat", Map.of("channel", "doc-1"), ALICE);
            engine.runMutation("chat_presence:heartbeat", Map.of("channel", "doc-1"), BOB);

            assertThat(engine.hydrate("docs_presence", Map.of("channel", "doc-1"), VIEWER))
                    .extracting(row -> row.get("actorId")).containsExactly("alice");
            assertThat(engine.hydrate("chat_presence", Map.of("channel", "doc-1"), VIEWER))
                    .extracting(row -> row.get("actorId")).containsExactly("bob");
            assertThat(docs.rows()).extracting(row -> row.get("actorId")).containsExactly("alice");
            assertThat(chat.rows()).extracting(row -> row.get("actorId")).containsExactly("bob");
            EngineInspection inspection = engine.inspect();
            assertThat(inspection.packs()).extracting(EngineInspection.PackInfo::instance, EngineInspection.PackInfo::ownsTables)
                    .containsExactly(tuple("docs_", List.of("docs_presence")),
                            tuple("chat_", List.of("chat_presence")));
            assertThat(inspection.mutations()).contains("docs_presence:heartbeat", "chat_presence:heartbeat");
            assertThat(inspection.schedules()).extracting(EngineInspection.ScheduleInfo::name)
                    .containsExactly("docs_presence:cleanup", "chat_presence:cleanup");
            SyncException unprefixed = catchThrowableOfType(SyncException.class,
                    () -> engine.runMutation("docs_presence:cursor", Map.of("channel", "doc-1", "cursor", 1), BOB));
            assertThat(unprefixed.getMessage()).startsWith("docs_presence:cursor: no heartbeat for")
                    .contains("call docs_presence:heartbeat first");
        }
    }

    @Test
    void expiredSession_isNotInAFreshSnapshotEvenBeforeItIsDeleted() {
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1");

        harness.at(20_000);

        assertThat(harness.store.sessionsOfActor("", "alice")).hasSize(1);
        assertThat(harness.subscribe(VIEWER, "doc-1").snapshot().rows()).isEmpty();
    }

    @Test
    void heartbeat_withoutActor_isUnauthorizedNamingTheActorIdFunction() {
        SyncException error = harness.rejection("heartbeat", user("c-anon", null, null), "channel", "doc-1");

        assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(error.getMessage()).isEqualTo("presence:heartbeat: the caller has no actor: the host's "
                + "actorId(ctx) function returned no actor id for connection \"c-anon\"; sign the caller in before "
                + "it uses presence");
    }

    @Test
    void cursor_patchesStateWithoutRenewingTheSession() {
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1", "state", Map.of("name", "alice", "typing", false));
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        harness.at(3000);

        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) harness.mutate("cursor", ALICE, "channel", "doc-1",
                "cursor", Map.of("x", 42, "y", 7));

        assertThat(state(row)).containsEntry("cursor", Map.of("x", 42, "y", 7)).containsEntry("name", "alice")
                .containsEntry("typing", false);
        assertThat(row).containsEntry("heartbeatAt", 1000L).containsEntry("expiresAt", 11_000L);
        assertThat(live.diffs()).singleElement().satisfies(diff -> assertThat(diff.changed()).containsExactly(row));
    }

    @Test
    void cursor_withoutHeartbeat_isNotFound() {
        SyncException error = harness.rejection("cursor", ALICE, "channel", "doc-1", "cursor", 1);

        assertThat(error.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(error.getMessage()).isEqualTo("presence:cursor: no heartbeat for session \"c-alice\" in channel "
                + "\"doc-1\" (none yet, or it expired after PT10S without one); call presence:heartbeat first");
    }

    @Test
    void inspect_showsThePackAndEverythingItRegistered() {
        EngineInspection inspection = harness.engine.inspect();

        assertThat(inspection.packs()).containsExactly(new EngineInspection.PackInfo("presence",
                PresencePack.VERSION, "", List.of("presence"), List.of()));
        assertThat(inspection.mutations()).containsExactly("presence:cursor", "presence:heartbeat",
                "presence:leave", "presence:typing");
        assertThat(inspection.schedules()).extracting(EngineInspection.ScheduleInfo::name,
                EngineInspection.ScheduleInfo::cron).containsExactly(
                tuple("presence:cleanup", "0/15 * * * * ?"));
        assertThat(inspection.collections()).extracting(EngineInspection.CollectionInfo::name,
                EngineInspection.CollectionInfo::kind).containsExactly(
                tuple("presence", "view"),
                tuple("presence_stats", "refetch"));
    }

    @Test
    void typing_setsAServerDeadlineAndClears() {
        harness.close();
        harness = PresenceHarness.create(b -> b.heartbeatTtl(Duration.ofSeconds(60)));
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1", "state", Map.of());
        harness.at(3000);

        @SuppressWarnings("unchecked")
        Map<String, Object> typing = (Map<String, Object>) harness.mutate("typing", ALICE, "channel", "doc-1",
                "typing", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> stopped = (Map<String, Object>) harness.mutate("typing", ALICE, "channel", "doc-1",
                "typing", false);

        assertThat(state(typing)).containsEntry("typing", true).containsEntry("typingExpiresAt", 8000L);
        assertThat(typing).containsEntry("expiresAt", 61_000L);
        assertThat(PresenceRows.isCurrentlyTyping(typing, Instant.ofEpochMilli(4000))).isTrue();
        assertThat(PresenceRows.isCurrentlyTyping(typing, Instant.ofEpochMilli(8001))).isFalse();
        assertThat(state(stopped)).containsEntry("typing", false).containsEntry("typingExpiresAt", null);
        assertThat(PresenceRows.isCurrentlyTyping(stopped, Instant.ofEpochMilli(4000))).isFalse();
    }

    @Test
    void typing_withoutHeartbeat_isNotFound() {
        SyncException error = harness.rejection("typing", ALICE, "channel", "doc-1", "typing", true);

        assertThat(error.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(error.getMessage()).startsWith("presence:typing: no heartbeat for session \"c-alice\"");
    }

    @Test
    void isCurrentlyTyping_rowWithCursorOnly_isFalse() {
        harness.heartbeat(ALICE, "doc-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) harness.mutate("cursor", ALICE, "channel", "doc-1",
                "cursor", Map.of("x", 1));

        assertThat(PresenceRows.isCurrentlyTyping(row, Instant.EPOCH)).isFalse();
    }
}
