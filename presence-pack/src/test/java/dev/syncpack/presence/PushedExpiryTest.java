package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.UnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expiry, typing and activity changes are pushed by the node's timers, with no cleanup run (§6 items 6, 10). */
class PushedExpiryTest {

    private static final SyncContext ALICE = user("c-alice", "alice", null);
    private static final SyncContext VIEWER = user("c-viewer", "viewer", null);

    private PresenceHarness harness = PresenceHarness.create(b -> b.heartbeatTtl(Duration.ofSeconds(10))
            .typingTtl(Duration.ofSeconds(5)));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void expiry_isPushedAtExpiresAtWithoutACleanupRun() {
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        harness.advanceTo(10_999);
        int diffsBeforeExpiry = live.diffs().stream().mapToInt(diff -> diff.removed().size()).sum();
        harness.advanceTo(11_000);

        assertThat(diffsBeforeExpiry).isZero();
        assertThat(live.lastDiff().removed()).extracting(row -> row.get("actorId")).containsExactly("alice");
        assertThat(live.rows()).isEmpty();
        assertThat(harness.store.sessionsOfActor("", "alice")).isEmpty();
    }

    @Test
    void heartbeat_beforeExpiry_movesThePushedExpiry() {
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1");
        harness.at(8000);
        harness.heartbeat(ALICE, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        harness.advanceTo(17_999);
        boolean presentBeforeNewExpiry = live.rows().size() == 1;
        harness.advanceTo(18_000);

        assertThat(presentBeforeNewExpiry).isTrue();
        assertThat(live.diffs()).allSatisfy(diff -> assertThat(diff.changed()).allSatisfy(row ->
                assertThat(row).containsEntry("expiresAt", 18_000L)));
        assertThat(live.lastDiff().removed()).hasSize(1);
    }

    @Test
    void renewalsEveryThirdOfTheTtl_publishEverySecondHeartbeatAndNeverExpire() {
        harness.at(0);
        harness.heartbeat(ALICE, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        for (int beat = 1; beat <= 12; beat++) {
            harness.advanceTo(beat * 3333L);
            harness.heartbeat(ALICE, "doc-1");
        }

        assertThat(live.diffs()).hasSize(6).allSatisfy(diff -> assertThat(diff.removed()).isEmpty());
        assertThat(live.rows()).singleElement().satisfies(row -> assertThat(row).containsEntry("expiresAt", 49_996L));
    }

    @Test
    void heartbeatChangingTheStateBeforeTheRenewalIsDue_patchesSubscribersWithTheStateAlone() {
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        harness.at(2000);

        harness.heartbeat(ALICE, "doc-1", "state", Map.of("status", "busy"));

        assertThat(live.lastDiff().patches()).singleElement().satisfies(patch -> assertThat(patch)
                .containsOnlyKeys(PresenceRows.ID, PresenceRows.STATE)
                .containsEntry(PresenceRows.STATE, Map.of("status", "busy")));
        assertThat(live.rows()).singleElement().satisfies(row -> assertThat(row).containsEntry("expiresAt", 11_000L));
    }

    @Test
    void typing_clearsItselfAtTheDeadlineWithADiff() {
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1");
        harness.at(2000);
        harness.mutate("typing", ALICE, "channel", "doc-1", "typing", true);
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        harness.advanceTo(6999);
        int diffsBeforeDeadline = live.diffs().size();
        harness.advanceTo(7000);

        assertThat(diffsBeforeDeadline).isZero();
        assertThat(live.diffs()).singleElement().satisfies(diff -> assertThat(diff.changed()).singleElement()
                .satisfies(row -> assertThat(row.get("state")).isEqualTo(stateWith("typing", false))));
    }

    @Test
    void activity_goesIdleThenAwayWithDiffsAndBackToActiveOnAnActiveHeartbeat() {
        harness.close();
        harness = PresenceHarness.create(b -> b.heartbeatTtl(Duration.ofSeconds(10)).coalesceRenewals(false)
                .idleAfter(Duration.ofSeconds(4)).awayAfter(Duration.ofSeconds(8)));
        harness.at(0);
        harness.heartbeat(ALICE, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        harness.advanceTo(3000);
        harness.heartbeat(ALICE, "doc-1", "active", false);
        harness.advanceTo(4000);
        harness.advanceTo(8000);
        harness.heartbeat(ALICE, "doc-1");

        assertThat(live.diffs()).extracting(diff -> diff.changed().getFirst().get("activity"))
                .containsExactly("active", "idle", "away", "active");
        assertThat(live.diffs().get(2).changed().getFirst()).containsEntry("activeAt", 0L);
    }

    @Test
    void leave_stopsWatchingTheSession() {
        harness.heartbeat(ALICE, "doc-1");
        int watchedWhilePresent = harness.timer.pending();

        harness.mutate("leave", ALICE, "channel", "doc-1");

        assertThat(watchedWhilePresent).isEqualTo(1);
        assertThat(harness.timer.pending()).isZero();
    }

    @Test
    void expiry_whenTheStoreFailsAtTheDeadline_isRetriedASecondLater() {
        AtomicBoolean storeDown = new AtomicBoolean();
        harness.close();
        harness = PresenceHarness.create(clock -> new ForwardingPresenceStore(new InMemoryPresenceStore(clock)) {
            @Override
            public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
                if (storeDown.get()) {
                    throw new UnavailableException("store down");
                }
                return super.compute(key, rule);
            }
        }, b -> b.heartbeatTtl(Duration.ofSeconds(10)));
        harness.at(1000);
        harness.heartbeat(ALICE, "doc-1");
        Mirror live = harness.subscribe(VIEWER, "doc-1");

        storeDown.set(true);
        harness.advanceTo(11_000);
        storeDown.set(false);
        harness.advanceTo(11_999);
        boolean presentUntilTheRetry = live.rows().size() == 1;
        harness.advanceTo(12_000);

        assertThat(presentUntilTheRetry).isTrue();
        assertThat(live.lastDiff().removed()).hasSize(1);
    }

    private static Map<String, Object> stateWith(String typing, boolean value) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(typing, value);
        state.put("typingExpiresAt", null);
        return state;
    }
}
