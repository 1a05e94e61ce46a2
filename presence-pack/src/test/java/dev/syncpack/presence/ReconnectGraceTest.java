package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.spi.SyncContext;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A closed connection's sessions get {@code reconnectGrace} to come back without flapping (§6 item 17). */
class ReconnectGraceTest {

    private static final SyncContext FIRST_CONNECTION = user("c-1", "alice", null);
    private static final SyncContext SECOND_CONNECTION = user("c-2", "alice", null);
    private static final SyncContext VIEWER = user("c-viewer", "viewer", null);

    private final PresenceHarness harness = PresenceHarness.create(b -> b.heartbeatTtl(Duration.ofSeconds(30))
            .reconnectGrace(Duration.ofSeconds(5)));

    @AfterEach
    void close() {
        harness.close();
    }

    private Mirror joinedThenClosed() {
        harness.at(1000);
        harness.heartbeat(FIRST_CONNECTION, "doc-1", "session", "tab-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        harness.advanceTo(2000);
        harness.engine.connectionClosed(FIRST_CONNECTION);
        return live;
    }

    @Test
    void connectionClose_shortensItsSessionsToTheGraceWithoutRemovingThem() {
        Mirror live = joinedThenClosed();

        assertThat(live.diffs()).singleElement().satisfies(diff -> {
            assertThat(diff.removed()).isEmpty();
            assertThat(diff.changed()).singleElement().satisfies(row ->
                    assertThat(row).containsEntry("expiresAt", 7000L));
        });
    }

    @Test
    void heartbeat_withinGraceFromANewConnection_emitsNoRemoval() {
        Mirror live = joinedThenClosed();

        harness.advanceTo(4000);
        harness.heartbeat(SECOND_CONNECTION, "doc-1", "session", "tab-1");
        harness.advanceTo(7000);
        harness.advanceTo(30_000);

        assertThat(live.diffs()).allSatisfy(diff -> {
            assertThat(diff.removed()).isEmpty();
            assertThat(diff.added()).isEmpty();
        });
        assertThat(live.rows()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("expiresAt", 34_000L).containsEntry("joinedAt", 1000L));
    }

    @Test
    void noHeartbeatWithinGrace_removesTheSessionWhenTheGraceEnds() {
        Mirror live = joinedThenClosed();

        harness.advanceTo(6999);
        boolean presentBeforeGraceEnds = live.rows().size() == 1;
        harness.advanceTo(7000);

        assertThat(presentBeforeGraceEnds).isTrue();
        assertThat(live.lastDiff().removed()).extracting(row -> row.get("sessionId")).containsExactly("tab-1");
        assertThat(live.rows()).isEmpty();
    }

    @Test
    void closingAConnectionThatNoLongerKeepsTheSession_changesNothing() {
        harness.heartbeat(FIRST_CONNECTION, "doc-1", "session", "tab-1");
        harness.heartbeat(SECOND_CONNECTION, "doc-1", "session", "tab-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        harness.engine.connectionClosed(FIRST_CONNECTION);

        assertThat(live.diffs()).isEmpty();
    }

    @Test
    void defaultSession_isTheConnectionAndEndsAfterTheGrace() {
        harness.at(1000);
        harness.heartbeat(FIRST_CONNECTION, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        harness.engine.connectionClosed(FIRST_CONNECTION);
        harness.heartbeat(SECOND_CONNECTION, "doc-1");
        harness.advanceTo(6000);

        assertThat(live.snapshot().rows()).extracting(row -> row.get("sessionId")).containsExactly("c-1");
        assertThat(live.rows()).extracting(row -> row.get("sessionId")).containsExactly("c-2");
    }
}
