package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import dev.syncpack.spi.error.UnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write the store carried out but reported as failed (the database committed, then the
 * connection broke before it answered): the caller gets UNAVAILABLE, and a second later the pack
 * publishes what the store holds, so subscribers neither keep a session that is gone nor miss one
 * that is there. Found by {@code OutageUnderLoadTest} on PostgreSQL.
 */
class InDoubtWriteTest {

    private static final SyncContext ALICE = user("c-alice", "alice", null);
    private static final SyncContext VIEWER = user("c-viewer", "viewer", null);

    private final AtomicBoolean loseTheNextAnswer = new AtomicBoolean();
    private final PresenceHarness harness = PresenceHarness.create(clock -> new ForwardingPresenceStore(
            new InMemoryPresenceStore(clock)) {
        @Override
        public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
            Transition done = super.compute(key, rule);
            boolean wrote = done instanceof Transition.Upsert || done instanceof Transition.Delete;
            if (wrote && loseTheNextAnswer.getAndSet(false)) {
                throw new UnavailableException("the connection broke after the commit");
            }
            return done;
        }

        @Override
        public List<Session> deleteExpired(Instant now, int limit) {
            List<Session> deleted = super.deleteExpired(now, limit);
            if (!deleted.isEmpty() && loseTheNextAnswer.getAndSet(false)) {
                throw new UnavailableException("the connection broke after the commit");
            }
            return deleted;
        }
    }, b -> b);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void leaveCommittedButReportedFailed_isPublishedASecondLater() {
        harness.at(1_000);
        harness.heartbeat(ALICE, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        loseTheNextAnswer.set(true);
        SyncException error = harness.rejection("leave", ALICE, "channel", "doc-1");
        boolean ghostMeanwhile = live.rows().size() == 1;
        harness.advanceTo(2_000);

        assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(ghostMeanwhile).isTrue();
        assertThat(live.rows()).isEmpty();
        assertThat(live.lastDiff().removed()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actorId", "alice").containsEntry("joinedAt", 1_000L));
    }

    @Test
    void heartbeatCommittedButReportedFailed_isPublishedASecondLater() {
        harness.at(1_000);
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        loseTheNextAnswer.set(true);
        SyncException error = harness.rejection("heartbeat", ALICE, "channel", "doc-1", "state", Map.of("n", 1));
        harness.advanceTo(2_000);

        assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(live.rows()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actorId", "alice").containsEntry("state", Map.of("n", 1)));
        assertThat(live.rows()).containsExactlyElementsOf(harness.engine.hydrate("presence",
                Map.of("channel", "doc-1"), VIEWER));
    }

    @Test
    void sweepCommittedButReportedFailed_publishesTheRemovalASecondLater() {
        harness.at(1_000);
        SessionKey peers = new SessionKey("", "doc-1", "bob", "c-bob");
        harness.store.compute(peers, (current, now) -> new Transition.Upsert(current,
                new Session(peers, Map.of(), Activity.ACTIVE, now, now, now, now.plusMillis(500))));
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        harness.advanceTo(1_600);

        loseTheNextAnswer.set(true);
        harness.cleanup();
        boolean ghostMeanwhile = live.rows().size() == 1;
        harness.advanceTo(2_600);

        assertThat(harness.store.get(peers)).isEmpty();
        assertThat(ghostMeanwhile).isTrue();
        assertThat(live.rows()).isEmpty();
        assertThat(live.lastDiff().removed()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actorId", "bob"));
    }

    @Test
    void writeThatReallyFailed_publishesNothingWhenReconciled() {
        PresenceHarness failing = PresenceHarness.create(clock -> new ForwardingPresenceStore(
                new InMemoryPresenceStore(clock)) {
            @Override
            public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
                if (loseTheNextAnswer.getAndSet(false)) {
                    throw new UnavailableException("the database is down");
                }
                return super.compute(key, rule);
            }
        }, b -> b);
        try {
            failing.at(1_000);
            failing.heartbeat(ALICE, "doc-1", "state", Map.of("n", 1));
            Mirror live = failing.subscribe(VIEWER, "doc-1");
            loseTheNextAnswer.set(true);
            failing.rejection("heartbeat", ALICE, "channel", "doc-1", "state", Map.of("n", 2));

            failing.advanceTo(2_000);

            assertThat(live.diffs()).isEmpty();
            assertThat(live.rows()).singleElement().satisfies(row -> assertThat(row.get("state"))
                    .isEqualTo(Map.of("n", 1)));
        } finally {
            failing.close();
        }
    }
}
