package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.UnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A heartbeat that would only keep the session (a coalesced renewal) is answered from what this
 * node remembers of the session, without a store call, and only while that memory is certain:
 * anything else that touches the session sends the next heartbeat to the store again. Default
 * policy: TTL 30 s, so a renewal is coalesced while at least 15 s are left.
 */
class HeartbeatsFromMemoryTest {

    private static final SyncContext ALICE = user("c-alice", "alice", null);
    private static final SyncContext VIEWER = user("c-viewer", "viewer", null);

    private final AtomicInteger computes = new AtomicInteger();
    private final AtomicBoolean loseTheNextAnswer = new AtomicBoolean();
    private PresenceHarness harness = counted(InMemoryPresenceStore::new);

    /** A harness whose store counts its computes and can lose the answer of one it carried out. */
    private PresenceHarness counted(Function<InstantSource, PresenceStore> store) {
        return PresenceHarness.create(clock -> new ForwardingPresenceStore(store.apply(clock)) {
            @Override
            public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
                computes.incrementAndGet();
                Transition done = super.compute(key, rule);
                if (loseTheNextAnswer.getAndSet(false)) {
                    throw new UnavailableException("the connection broke after the commit");
                }
                return done;
            }
        }, b -> b);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    /** Heartbeats at {@code epochMillis}. @return the stores computes it took, and its answer */
    private record Beat(int computes, Map<String, Object> row) {
    }

    private Beat beatAt(long epochMillis, Object... moreArgPairs) {
        harness.at(epochMillis);
        computes.set(0);
        Map<String, Object> row = harness.heartbeat(ALICE, "doc-1", moreArgPairs);
        return new Beat(computes.get(), row);
    }

    @Test
    void aWrittenRenewal_keepsTheKeyTheSessionWasStoredWith() {
        harness.close();
        harness = PresenceHarness.create(b -> b.coalesceRenewals(false));
        SessionKey key = new SessionKey("", "doc-1", "alice", "c-alice");
        harness.at(0);
        harness.heartbeat(ALICE, "doc-1");
        SessionKey stored = harness.store.get(key).orElseThrow().key();

        harness.at(1_000);
        harness.heartbeat(ALICE, "doc-1");

        assertThat(harness.store.get(key).orElseThrow().heartbeatAt()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(harness.store.get(key).orElseThrow().key()).isSameAs(stored);
    }

    @Test
    void coalescedRenewal_isAnsweredFromMemory_withTheStoredExpiryAndNoDiff() {
        beatAt(1_000);
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        Beat renewal = beatAt(2_000);

        assertThat(renewal.computes()).isZero();
        assertThat(renewal.row()).containsEntry("expiresAt", 31_000L).containsEntry("heartbeatAt", 1_000L);
        assertThat(live.diffs()).isEmpty();
    }

    @Test
    void renewalWithLessThanHalfTheTtlLeft_isWrittenThroughTheStore() {
        beatAt(1_000);
        assertThat(beatAt(16_000).computes()).isZero();

        Beat renewal = beatAt(16_001);

        assertThat(renewal.computes()).isEqualTo(1);
        assertThat(renewal.row()).containsEntry("expiresAt", 46_001L);
        assertThat(harness.store.get(new SessionKey("", "doc-1", "alice", "c-alice")).orElseThrow().expiresAt())
                .isEqualTo(Instant.ofEpochMilli(46_001));
    }

    @Test
    void heartbeatChangingTheState_isWrittenThroughTheStore() {
        beatAt(1_000);
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        Beat patch = beatAt(2_000, "state", Map.of("name", "Ada"));

        assertThat(patch.computes()).isEqualTo(1);
        assertThat(live.rows()).singleElement().satisfies(row -> assertThat(row.get("state"))
                .isEqualTo(Map.of("name", "Ada")));
        assertThat(beatAt(3_000).row().get("state")).isEqualTo(Map.of("name", "Ada"));
    }

    @Test
    void heartbeatAfterACursorMove_asksTheStoreOnce_thenAnswersFromMemoryAgain() {
        beatAt(1_000);
        harness.at(2_000);
        harness.mutate("cursor", ALICE, "channel", "doc-1", "cursor", Map.of("x", 3));

        Beat afterCursor = beatAt(3_000);
        Beat next = beatAt(4_000);

        assertThat(afterCursor.computes()).isEqualTo(1);
        assertThat(afterCursor.row().get("state")).isEqualTo(Map.of("cursor", Map.of("x", 3)));
        assertThat(next.computes()).isZero();
        assertThat(next.row().get("state")).isEqualTo(Map.of("cursor", Map.of("x", 3)));
    }

    @Test
    void heartbeatAfterAWriteWhoseAnswerWasLost_readsWhatTheStoreHolds() {
        beatAt(1_000);
        harness.at(2_000);
        loseTheNextAnswer.set(true);
        assertThat(harness.rejection("cursor", ALICE, "channel", "doc-1", "cursor", 7).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);

        Beat after = beatAt(2_500);

        assertThat(after.computes()).isEqualTo(1);
        assertThat(after.row().get("state")).isEqualTo(Map.of("cursor", 7));
    }

    @Test
    void heartbeatAfterTheSessionLeft_joinsAgainThroughTheStore() {
        beatAt(1_000);
        harness.at(2_000);
        harness.mutate("leave", ALICE, "channel", "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        Beat rejoin = beatAt(3_000);

        assertThat(rejoin.computes()).isPositive();
        assertThat(rejoin.row()).containsEntry("joinedAt", 3_000L);
        assertThat(live.rows()).hasSize(1);
    }

    @Test
    void storeClockAnHourAheadOfTheNode_renewalIsStillDueAfterHalfTheTtl() {
        harness.close();
        harness = counted(clock -> new InMemoryPresenceStore(() -> clock.instant().plus(Duration.ofHours(1))));
        long hour = Duration.ofHours(1).toMillis();
        beatAt(1_000);
        assertThat(beatAt(16_000).computes()).isZero();

        Beat renewal = beatAt(16_001);

        assertThat(renewal.computes()).isEqualTo(1);
        assertThat(renewal.row()).containsEntry("expiresAt", hour + 46_001L);
    }

    @Test
    void nodeClockGoingBack_sendsTheHeartbeatToTheStore() {
        beatAt(10_000);

        Beat earlier = beatAt(9_000);

        assertThat(earlier.computes()).isEqualTo(1);
        assertThat(earlier.row()).containsEntry("expiresAt", 40_000L);
    }
}
