package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every cross-tenant and cross-actor attempt on the pack is denied or sees nothing: the scope and
 * actor come from the caller's context, never from arguments, and are part of every key and read.
 */
class TenantAndActorIsolationTest {

    private static final SyncContext ALICE_A = user("c-alice", "alice", "ws-a");
    private static final SyncContext MALLORY_B = user("c-mallory", "mallory", "ws-b");
    private static final SyncContext BOB_A = user("c-bob", "bob", "ws-a");
    private static final SyncContext VIEWER_A = user("c-viewer", "viewer", "ws-a");

    private final List<String> channelsAsked = new ArrayList<>();
    private final PresenceHarness harness = PresenceHarness.create(b -> b.canAccessChannel((channel, ctx) -> {
        channelsAsked.add(channel);
        return !channel.startsWith("private/") || channel.startsWith("private/" + ctx.stringAttribute("userId")
                .orElseThrow() + "/");
    }));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void subscribe_toTheSameChannelNameInAnotherWorkspace_seesNothingOfItThenOrLater() {
        harness.heartbeat(ALICE_A, "doc-1", "state", Map.of("name", "Alice"));
        Mirror mallory = harness.subscribe(MALLORY_B, "doc-1");
        Mirror malloryStats = harness.subscribeStats(MALLORY_B, "doc-1");

        harness.heartbeat(ALICE_A, "doc-1", "state", Map.of("name", "Alice again"));
        harness.mutate("cursor", ALICE_A, "channel", "doc-1", "cursor", 7);
        harness.mutate("leave", ALICE_A, "channel", "doc-1");

        assertThat(mallory.snapshot().rows()).isEmpty();
        assertThat(mallory.diffs()).isEmpty();
        assertThat(malloryStats.rows()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("sessions", 0).containsEntry("actors", 0).containsEntry("scope", "ws-b"));
        assertThat(harness.engine.hydrate("presence", Map.of("channel", "doc-1"), MALLORY_B)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scope", "workspaceId", "actorId", "userId"})
    void subscribe_withAScopeOrActorSmuggledInParams_isInvalidAndSubscribesNothing(String smuggled) {
        harness.heartbeat(ALICE_A, "doc-1");

        SyncException error = catchThrowableOfType(SyncException.class, () -> harness.engine.subscribe("presence",
                Map.of("channel", "doc-1", smuggled, "ws-a"), MALLORY_B, OptionalLong.empty(), new Mirror()));

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error.getMessage()).contains(smuggled).doesNotContain("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeat", "leave", "cursor", "typing"})
    void mutation_withAnActorOrScopeSmuggledInArgs_isInvalidAndWritesNothing(String mutation) {
        harness.heartbeat(ALICE_A, "doc-1", "session", "tab-1");
        Mirror live = harness.subscribe(VIEWER_A, "doc-1");
        List<Object> args = new ArrayList<>(List.of("channel", "doc-1", "session", "tab-1", "actorId", "alice",
                "scope", "ws-a"));
        if (mutation.equals("cursor")) {
            args.addAll(List.of("cursor", 1));
        } else if (mutation.equals("typing")) {
            args.addAll(List.of("typing", true));
        }

        SyncException error = harness.rejection(mutation, MALLORY_B, args.toArray());

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(live.diffs()).isEmpty();
        assertThat(harness.store.sessionsOfActor("ws-b", "mallory")).isEmpty();
        assertThat(harness.store.sessionsOfActor("ws-a", "alice")).singleElement()
                .satisfies(session -> assertThat(session.state()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cursor", "typing"})
    void cursorOrTyping_onAnotherActorsSessionId_isNotFoundAndLeavesItAlone(String mutation) {
        harness.heartbeat(ALICE_A, "doc-1", "session", "tab-1");
        Mirror live = harness.subscribe(VIEWER_A, "doc-1");

        SyncException error = harness.rejection(mutation, BOB_A, "channel", "doc-1", "session", "tab-1",
                mutation, mutation.equals("cursor") ? (Object) 5 : Boolean.TRUE);

        assertThat(error.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(error.getMessage()).doesNotContain("alice");
        assertThat(live.diffs()).isEmpty();
    }

    @Test
    void leaveStar_ofAnotherActor_removesNoneOfTheVictimsSessions() {
        harness.heartbeat(ALICE_A, "doc-1", "session", "tab-1");
        harness.heartbeat(ALICE_A, "doc-1", "session", "tab-2");
        Mirror live = harness.subscribe(VIEWER_A, "doc-1");

        Object result = harness.mutate("leave", BOB_A, "channel", "doc-1", "session", "*");

        assertThat(result).isEqualTo(Map.of("left", false));
        assertThat(live.diffs()).isEmpty();
        assertThat(live.rows()).hasSize(2);
    }

    @Test
    void leave_ofTheSameActorNameInAnotherWorkspace_removesNothingHere() {
        harness.heartbeat(ALICE_A, "doc-1", "session", "tab-1");
        Mirror live = harness.subscribe(VIEWER_A, "doc-1");

        Object result = harness.mutate("leave", user("c-alice-b", "alice", "ws-b"), "channel", "doc-1",
                "session", "*");

        assertThat(result).isEqualTo(Map.of("left", false));
        assertThat(live.rows()).hasSize(1);
    }

    @Test
    void keysWhoseNaiveJoinCollides_acrossScopeChannelActorAndSession_stayApart() {
        List<SyncContext> callers = List.of(user("s", "c", "ws:a"), user("s", "c", "ws"), user("s", "b:c", "ws"),
                user("s", "c%3A", "ws"), user("s", "c:", "ws"));
        List<String> channels = List.of("b", "a:b", "a:b", "a%3Ab", "a");
        for (int i = 0; i < callers.size(); i++) {
            harness.heartbeat(callers.get(i), channels.get(i), "session", i == 4 ? "x:y" : "x", "state", Map.of("i", i));
        }

        harness.mutate("leave", callers.get(1), "channel", "a:b", "session", "x");

        for (int i = 0; i < callers.size(); i++) {
            SyncContext caller = callers.get(i);
            List<Map<String, Object>> rows = harness.engine.hydrate("presence", Map.of("channel", channels.get(i)), caller);
            int index = i;
            if (i == 1) {
                assertThat(rows).extracting(row -> row.get("actorId")).doesNotContain("c");
            } else {
                assertThat(rows).filteredOn(row -> row.get("actorId").equals(caller.attributes().get("userId")))
                        .singleElement().satisfies(row -> assertThat(row.get("state")).isEqualTo(Map.of("i", index)));
            }
        }
        assertThat(harness.engine.hydrate("presence", Map.of("channel", "a:b"), callers.get(2)))
                .extracting(row -> row.get("id")).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"private/alice/notes", "private/alice/", "Private/bob/x", "private/bob/../alice/x",
            "private/bob/%2e%2e/alice/x", "private/bob/\u2215alice"})
    void canAccessChannel_isAskedWithTheExactChannelTheKeyUses_soPrefixTricksReachOnlyTheirOwnChannel(String channel) {
        boolean allowedToBob = channel.startsWith("Private/") || channel.startsWith("private/bob/");
        harness.heartbeat(ALICE_A, "private/alice/notes");

        SyncException error = catchThrowableOfType(SyncException.class, () -> harness.heartbeat(BOB_A, channel));

        assertThat(channelsAsked).endsWith(channel);
        if (allowedToBob) {
            assertThat(error).isNull();
            assertThat(harness.engine.hydrate("presence", Map.of("channel", channel), BOB_A))
                    .extracting(row -> row.get("actorId")).containsExactly("bob");
        } else {
            assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(harness.store.sessionsOfActor("ws-a", "bob")).isEmpty();
        }
    }

    @Test
    void statsAndSessions_ofADeniedChannel_cannotBeSubscribedOrRead() {
        harness.heartbeat(ALICE_A, "private/alice/notes");

        for (String collection : List.of("presence", "presence_stats")) {
            SyncException subscribe = catchThrowableOfType(SyncException.class, () -> harness.engine.subscribe(
                    collection, Map.of("channel", "private/alice/notes"), BOB_A, OptionalLong.empty(), new Mirror()));
            SyncException read = catchThrowableOfType(SyncException.class, () -> harness.engine.hydrate(
                    collection, Map.of("channel", "private/alice/notes"), BOB_A));

            assertThat(subscribe.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(read.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        }
    }
}
