package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Session rows fix the reference's key, device, merge and idempotency weaknesses (§6 items 1–5, 9). */
class SessionsAndScopeTest {

    private static final SyncContext VIEWER = user("c-viewer", "viewer", null);

    private final PresenceHarness harness = PresenceHarness.create(b -> b.heartbeatTtl(Duration.ofSeconds(10)));

    @AfterEach
    void close() {
        harness.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(Object row) {
        return (Map<String, Object>) ((Map<String, Object>) row).get("state");
    }

    @Test
    void sameActorInTwoScopes_onOneChannelName_hasTwoIndependentRows() {
        SyncContext aliceInA = user("c-1", "alice", "ws-a");
        SyncContext aliceInB = user("c-1", "alice", "ws-b");
        harness.heartbeat(aliceInA, "doc-1", "state", Map.of("where", "a"));
        harness.heartbeat(aliceInB, "doc-1", "state", Map.of("where", "b"));
        Mirror viewerA = harness.subscribe(user("c-va", "viewer", "ws-a"), "doc-1");
        Mirror viewerB = harness.subscribe(user("c-vb", "viewer", "ws-b"), "doc-1");

        harness.mutate("leave", aliceInA, "channel", "doc-1");

        assertThat(viewerA.rows()).isEmpty();
        assertThat(viewerA.lastDiff().removed()).singleElement().satisfies(row -> assertThat(state(row))
                .containsEntry("where", "a"));
        assertThat(viewerB.diffs()).isEmpty();
        assertThat(viewerB.rows()).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("scope", "ws-b");
            assertThat(state(row)).containsEntry("where", "b");
        });
    }

    @Test
    void channelAndActorWithSeparators_neverShareARow() {
        SyncContext actorC = user("s", "c", null);
        SyncContext actorBc = user("s", "b:c", null);
        harness.heartbeat(actorC, "a:b", "state", Map.of("who", "c"));
        Mirror channelAb = harness.subscribe(VIEWER, "a:b");

        harness.heartbeat(actorBc, "a", "state", Map.of("who", "b:c"));
        harness.mutate("leave", actorBc, "channel", "a");

        assertThat(channelAb.diffs()).isEmpty();
        assertThat(channelAb.rows()).singleElement().satisfies(row -> assertThat(state(row)).containsEntry("who", "c"));
    }

    @Test
    void twoDevices_actorStaysUntilTheLastLeaves() {
        SyncContext laptop = user("c-laptop", "alice", null);
        SyncContext phone = user("c-phone", "alice", null);
        harness.heartbeat(laptop, "doc-1", "state", Map.of("cursor", 1));
        harness.heartbeat(phone, "doc-1", "state", Map.of("cursor", 2));
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        harness.mutate("leave", laptop, "channel", "doc-1");
        List<Object> afterFirst = live.field("actorId");
        harness.mutate("leave", phone, "channel", "doc-1");

        assertThat(live.snapshot().rows()).extracting(row -> state(row).get("cursor")).containsExactlyInAnyOrder(1, 2);
        assertThat(afterFirst).containsExactly("alice");
        assertThat(live.rows()).isEmpty();
        assertThat(live.diffs()).allSatisfy(diff -> assertThat(diff.removed()).hasSize(1));
    }

    @Test
    void heartbeat_mergesSoCursorAndTypingSurviveAndNullRemovesAField() {
        SyncContext alice = user("c-alice", "alice", null);
        harness.heartbeat(alice, "doc-1", "state", Map.of("name", "Ada", "status", "here"));
        harness.mutate("cursor", alice, "channel", "doc-1", "cursor", Map.of("x", 3));
        harness.mutate("typing", alice, "channel", "doc-1", "typing", true);
        Map<String, Object> removeStatus = new HashMap<>();
        removeStatus.put("status", null);

        Map<String, Object> row = harness.heartbeat(alice, "doc-1", "state", removeStatus);

        assertThat(state(row)).containsOnlyKeys("name", "cursor", "typing", "typingExpiresAt")
                .containsEntry("cursor", Map.of("x", 3)).containsEntry("typing", true);
    }

    @Test
    void heartbeat_replace_setsTheWholeState() {
        SyncContext alice = user("c-alice", "alice", null);
        harness.heartbeat(alice, "doc-1", "state", Map.of("name", "Ada", "status", "here"));

        Map<String, Object> row = harness.heartbeat(alice, "doc-1", "state", Map.of("name", "Bea"), "replace", true);

        assertThat(state(row)).isEqualTo(Map.of("name", "Bea"));
    }

    @Test
    void leave_twice_isOkAndTheSecondChangesNothing() {
        SyncContext alice = user("c-alice", "alice", null);
        harness.heartbeat(alice, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        Object first = harness.mutate("leave", alice, "channel", "doc-1");
        Object second = harness.mutate("leave", alice, "channel", "doc-1");

        assertThat(first).isEqualTo(Map.of("left", true));
        assertThat(second).isEqualTo(Map.of("left", false));
        assertThat(live.diffs()).hasSize(1);
    }

    @Test
    void leave_star_removesAllOfTheCallersSessionsInThatChannelInOneDiff() {
        SyncContext alice = user("c-1", "alice", null);
        harness.heartbeat(alice, "doc-1", "session", "tab-1");
        harness.heartbeat(alice, "doc-1", "session", "tab-2");
        harness.heartbeat(alice, "doc-2", "session", "tab-1");
        harness.heartbeat(user("c-bob", "bob", null), "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        Object result = harness.mutate("leave", alice, "channel", "doc-1", "session", "*");

        assertThat(result).isEqualTo(Map.of("left", true));
        assertThat(live.diffs()).singleElement().satisfies(diff -> assertThat(diff.removed())
                .extracting(row -> row.get("sessionId")).containsExactlyInAnyOrder("tab-1", "tab-2"));
        assertThat(live.field("actorId")).containsExactly("bob");
        assertThat(harness.subscribe(VIEWER, "doc-2").snapshot().rows()).hasSize(1);
    }

    @Test
    void leave_namingAnotherActorsSessionId_touchesOnlyTheCallersOwn() {
        harness.heartbeat(user("c-alice", "alice", null), "doc-1", "session", "tab-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        Object result = harness.mutate("leave", user("c-bob", "bob", null), "channel", "doc-1", "session", "tab-1");

        assertThat(result).isEqualTo(Map.of("left", false));
        assertThat(live.diffs()).isEmpty();
        assertThat(live.field("actorId")).containsExactly("alice");
    }

    @Test
    void cursorAndTyping_onAnExpiredButNotYetDeletedSession_areNotFoundAndEmitNothing() {
        SyncContext alice = user("c-alice", "alice", null);
        harness.at(1000);
        harness.heartbeat(alice, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        harness.at(11_000);

        SyncException cursor = harness.rejection("cursor", alice, "channel", "doc-1", "cursor", 1);
        SyncException typing = harness.rejection("typing", alice, "channel", "doc-1", "typing", true);

        assertThat(harness.store.sessionsOfActor("", "alice")).hasSize(1);
        assertThat(cursor.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(typing.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(live.diffs()).isEmpty();
    }

    @Test
    void heartbeat_sessionStar_isInvalid() {
        SyncException error = harness.rejection("heartbeat", user("c-alice", "alice", null), "channel", "doc-1",
                "session", "*");

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error.getMessage()).isEqualTo("presence:heartbeat: field \"session\" may be \"*\" (all sessions) "
                + "only for presence:leave; name one session");
    }

    @Test
    void heartbeat_settingTypingExpiresAt_isInvalid() {
        SyncException error = harness.rejection("heartbeat", user("c-alice", "alice", null), "channel", "doc-1",
                "state", Map.of("typingExpiresAt", 1));

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error.getMessage()).isEqualTo("presence:heartbeat: state field \"typingExpiresAt\" is set by the "
                + "server; set typing with presence:typing");
    }

    @Test
    void heartbeat_sameSessionFromTwoActors_givesTwoRows() {
        harness.heartbeat(user("c-shared", "alice", null), "doc-1");
        harness.heartbeat(user("c-shared", "bob", null), "doc-1");

        assertThat(harness.subscribe(VIEWER, "doc-1").snapshot().rows()).extracting(row -> row.get("actorId"))
                .containsExactlyInAnyOrder("alice", "bob");
    }
}
