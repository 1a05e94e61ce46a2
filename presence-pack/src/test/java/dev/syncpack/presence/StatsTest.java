package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.spi.SyncContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code presence_stats}: one live row of counts per channel, following joins, leaves and expiry. */
class StatsTest {

    private static final SyncContext ALICE = user("c-alice", "alice", "ws-a");
    private static final SyncContext BOB = user("c-bob", "bob", "ws-a");
    private static final SyncContext VIEWER = user("c-viewer", "viewer", "ws-a");

    private final PresenceHarness harness = PresenceHarness.create(b -> b.heartbeatTtl(Duration.ofSeconds(10)));

    @AfterEach
    void close() {
        harness.close();
    }

    private static List<Object> counts(Mirror stats) {
        Map<String, Object> row = stats.rows().getFirst();
        return List.of(row.get("sessions"), row.get("actors"));
    }

    @Test
    void stats_emptyChannel_isOneRowOfZeros() {
        Mirror stats = harness.subscribeStats(VIEWER, "doc-1");

        assertThat(stats.snapshot().rows()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("scope", "ws-a").containsEntry("channel", "doc-1")
                .containsEntry("sessions", 0).containsEntry("actors", 0));
    }

    @Test
    void stats_followJoinsLeavesAndExpiryWithDiffs() {
        Mirror stats = harness.subscribeStats(VIEWER, "doc-1");
        harness.at(1000);

        harness.heartbeat(ALICE, "doc-1", "session", "tab-1");
        List<Object> oneJoined = counts(stats);
        harness.heartbeat(ALICE, "doc-1", "session", "tab-2");
        List<Object> secondDevice = counts(stats);
        harness.at(2000);
        harness.heartbeat(BOB, "doc-1");
        List<Object> bobJoined = counts(stats);
        harness.mutate("leave", ALICE, "channel", "doc-1", "session", "*");
        List<Object> aliceLeft = counts(stats);
        harness.advanceTo(12_000);

        assertThat(oneJoined).containsExactly(1, 1);
        assertThat(secondDevice).containsExactly(2, 1);
        assertThat(bobJoined).containsExactly(3, 2);
        assertThat(aliceLeft).containsExactly(1, 1);
        assertThat(counts(stats)).containsExactly(0, 0);
        assertThat(stats.diffs()).hasSize(5).allSatisfy(diff -> assertThat(diff.changed()).hasSize(1));
    }

    @Test
    void stats_cursorMoves_sendNoDiff() {
        harness.heartbeat(ALICE, "doc-1");
        Mirror stats = harness.subscribeStats(VIEWER, "doc-1");

        harness.mutate("cursor", ALICE, "channel", "doc-1", "cursor", 1);

        assertThat(stats.diffs()).isEmpty();
    }

    @Test
    void stats_countOnlyTheirScopeAndChannel() {
        harness.heartbeat(ALICE, "doc-1");
        harness.heartbeat(user("c-eve", "eve", "ws-b"), "doc-1");
        harness.heartbeat(BOB, "doc-2");

        Mirror stats = harness.subscribeStats(VIEWER, "doc-1");

        assertThat(counts(stats)).containsExactly(1, 1);
    }
}
