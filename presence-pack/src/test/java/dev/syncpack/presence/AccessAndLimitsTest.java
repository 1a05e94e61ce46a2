package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code canAccessChannel}, argument validation and every limit (§6 items 11, 12). */
class AccessAndLimitsTest {

    private static final SyncContext ALICE = user("c-alice", "alice", null);
    private static final SyncContext BOB = user("c-bob", "bob", null);

    private final PresenceHarness harness = PresenceHarness.create(b -> b
            .canAccessChannel((channel, ctx) -> !channel.startsWith("secret"))
            .maxStateBytes(64).maxChannelLength(10).maxSessionsPerChannel(2).maxChannelsPerActor(2));

    @AfterEach
    void close() {
        harness.close();
    }

    private int subscriptions(String collection) {
        return harness.engine.inspect().collections().stream().filter(c -> c.name().equals(collection))
                .mapToInt(EngineInspection.CollectionInfo::subscriptions).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"presence", "presence_stats"})
    void subscribe_deniedChannel_isUnauthorizedAndLeavesNoSubscription(String collection) {
        SyncException error = catchThrowableOfType(SyncException.class, () -> harness.engine.subscribe(collection,
                Map.of("channel", "secret-1"), ALICE, OptionalLong.empty(), new Mirror()));

        assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(error.getMessage()).contains(collection);
        assertThat(subscriptions(collection)).isZero();
    }

    @Test
    void subscribe_withoutActor_isUnauthorizedNamingTheActorIdFunction() {
        SyncException error = catchThrowableOfType(SyncException.class, () -> harness.subscribe(
                user("c-anon", null, null), "doc-1"));

        assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(error.getMessage()).startsWith("presence: the caller has no actor: the host's actorId(ctx) "
                + "function returned no actor id");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "heartbeat|",
            "leave|",
            "cursor|cursor",
            "typing|typing"})
    void mutation_deniedChannel_isUnauthorized(String mutation, String extraField) {
        harness.heartbeat(ALICE, "doc-1");
        Object[] args = extraField == null ? new Object[] {"channel", "secret-1"}
                : new Object[] {"channel", "secret-1", extraField, extraField.equals("typing") ? true : 1};

        SyncException error = harness.rejection(mutation, ALICE, args);

        assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(error.getMessage()).contains("presence:" + mutation);
        assertThat(harness.store.sessionsOfActor("", "alice")).extracting(s -> s.key().channel())
                .containsExactly("doc-1");
    }

    @Test
    void heartbeat_stateOverMaxStateBytes_isLimitExceededNamingTheField() {
        SyncException error = harness.rejection("heartbeat", ALICE, "channel", "doc-1", "state",
                Map.of("bio", "x".repeat(100)));

        assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(error.getMessage()).isEqualTo("Invalid arguments of mutation \"presence:heartbeat\": field \"state\""
                + " must be at most 64 bytes as JSON (was 110)");
    }

    @Test
    void heartbeat_mergedStateOverMaxStateBytes_isLimitExceededAndStoresNothing() {
        harness.heartbeat(ALICE, "doc-1", "state", Map.of("a", "x".repeat(30)));

        SyncException error = harness.rejection("heartbeat", ALICE, "channel", "doc-1", "state",
                Map.of("b", "y".repeat(30)));

        assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(error.getMessage()).isEqualTo("presence:heartbeat: the state would be 75 bytes as JSON, over "
                + "maxStateBytes 64; send less state");
        assertThat(harness.store.sessionsOfActor("", "alice").getFirst().state()).containsOnlyKeys("a");
    }

    @Test
    void cursor_overMaxStateBytes_isLimitExceeded() {
        harness.heartbeat(ALICE, "doc-1");

        SyncException error = harness.rejection("cursor", ALICE, "channel", "doc-1", "cursor", "x".repeat(70));

        assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(error.getMessage()).contains("field \"cursor\" must be at most 64 bytes as JSON");
    }

    @Test
    void heartbeat_channelOverMaxChannelLength_isLimitExceeded() {
        SyncException error = harness.rejection("heartbeat", ALICE, "channel", "c".repeat(11));

        assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(error.getMessage()).isEqualTo("Invalid arguments of mutation \"presence:heartbeat\": field "
                + "\"channel\" must be at most 10 characters long (was 11)");
    }

    @Test
    void subscribe_channelOverMaxChannelLength_isLimitExceeded() {
        SyncException error = catchThrowableOfType(SyncException.class, () -> harness.subscribe(ALICE,
                "c".repeat(11)));

        assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(error.getMessage()).contains("field \"channel\" must be at most 10 characters long");
    }

    @Test
    void heartbeat_newSessionBeyondMaxSessionsPerChannel_isLimitExceeded() {
        harness.heartbeat(ALICE, "doc-1", "session", "tab-1");
        harness.heartbeat(ALICE, "doc-1", "session", "tab-2");

        SyncException error = harness.rejection("heartbeat", BOB, "channel", "doc-1");

        assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(error.getMessage()).isEqualTo("presence:heartbeat: channel \"doc-1\" already has "
                + "maxSessionsPerChannel 2 live sessions; try again when someone leaves");
        assertThat(harness.heartbeat(ALICE, "doc-1", "session", "tab-1")).containsEntry("sessionId", "tab-1");
    }

    @Test
    void heartbeat_afterSomeoneLeavesAFullChannel_isAdmitted() {
        harness.heartbeat(ALICE, "doc-1", "session", "tab-1");
        harness.heartbeat(ALICE, "doc-1", "session", "tab-2");
        harness.mutate("leave", ALICE, "channel", "doc-1", "session", "tab-2");

        assertThat(harness.heartbeat(BOB, "doc-1")).containsEntry("actorId", "bob");
    }

    @Test
    void heartbeat_channelBeyondMaxChannelsPerActor_isLimitExceeded() {
        harness.heartbeat(ALICE, "doc-1");
        harness.heartbeat(ALICE, "doc-2");

        SyncException error = harness.rejection("heartbeat", ALICE, "channel", "doc-3");

        assertThat(error.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(error.getMessage()).isEqualTo("presence:heartbeat: this actor is already present in "
                + "maxChannelsPerActor 2 channels; leave one with presence:leave first");
        assertThat(harness.heartbeat(ALICE, "doc-2", "session", "tab-2")).containsEntry("channel", "doc-2");
    }

    @Test
    void typing_notBoolean_isInvalidNamingTheField() {
        harness.heartbeat(ALICE, "doc-1");

        SyncException error = harness.rejection("typing", ALICE, "channel", "doc-1", "typing", "yes");

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error.getMessage()).isEqualTo("Invalid arguments of mutation \"presence:typing\": field "
                + "\"typing\" must be true or false");
    }

    @Test
    void heartbeat_stateNotAnObject_isInvalid() {
        SyncException error = harness.rejection("heartbeat", ALICE, "channel", "doc-1", "state", "busy");

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error.getMessage()).contains("field \"state\" must be a JSON object");
    }

    @Test
    void heartbeat_typingInStateNotBoolean_isInvalid() {
        SyncException error = harness.rejection("heartbeat", ALICE, "channel", "doc-1", "state",
                Map.of("typing", "yes"));

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error.getMessage()).isEqualTo("presence:heartbeat: state field \"typing\" must be true, false or "
                + "null");
    }
}
