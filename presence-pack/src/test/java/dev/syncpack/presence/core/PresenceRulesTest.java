package dev.syncpack.presence.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The pure rules, driven with explicit instants: time is an argument, so no clock is read. */
class PresenceRulesTest {

    private static final PresencePolicy POLICY = new PresencePolicy(Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(300), 200, 3, 2, false);
    private static final PresenceRules RULES = new PresenceRules(POLICY);
    private static final SessionKey KEY = new SessionKey("ws", "doc-1", "alice", "tab-1");

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    private static Map<String, Object> object(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Session stored(Transition transition) {
        return transition.stored().orElseThrow();
    }

    private static Session joined(long millis, Map<String, Object> state) {
        return stored(RULES.heartbeat(KEY, Optional.empty(), Heartbeat.merging(state), at(millis)));
    }

    @Test
    void heartbeat_noSession_insertsActiveSessionExpiringAfterTtl() {
        Transition done = RULES.heartbeat(KEY, Optional.empty(), Heartbeat.merging(object("name", "Ada")), at(1000));

        assertThat(done).isInstanceOf(Transition.Upsert.class);
        assertThat(((Transition.Upsert) done).before()).isEmpty();
        assertThat(stored(done)).isEqualTo(new Session(KEY, Map.of("name", "Ada"), Activity.ACTIVE, at(1000),
                at(1000), at(1000), at(11_000)));
    }

    @Test
    void heartbeat_liveSession_mergesStateKeepsJoinedAtAndRenewsTtl() {
        Session first = joined(1000, object("name", "Ada", "status", "here"));

        Session second = stored(RULES.heartbeat(KEY, Optional.of(first),
                Heartbeat.merging(object("status", "busy")), at(4000)));

        assertThat(second.state()).isEqualTo(Map.of("name", "Ada", "status", "busy"));
        assertThat(second.joinedAt()).isEqualTo(at(1000));
        assertThat(second.heartbeatAt()).isEqualTo(at(4000));
        assertThat(second.expiresAt()).isEqualTo(at(14_000));
    }

    @Test
    void heartbeat_nullInPatch_removesTheField() {
        Session first = joined(1000, object("name", "Ada", "status", "here"));

        Session second = stored(RULES.heartbeat(KEY, Optional.of(first),
                Heartbeat.merging(object("status", null)), at(2000)));

        assertThat(second.state()).isEqualTo(Map.of("name", "Ada"));
    }

    @Test
    void heartbeat_withoutState_keepsCursorAndTyping() {
        Session withCursor = stored(RULES.cursor(Optional.of(joined(1000, object("name", "Ada"))),
                Map.of("x", 1), at(1500)));
        Session typing = stored(RULES.typing(Optional.of(withCursor), true, at(2000)));

        Session renewed = stored(RULES.heartbeat(KEY, Optional.of(typing), Heartbeat.renew(), at(3000)));

        assertThat(renewed.state()).containsEntry("cursor", Map.of("x", 1)).containsEntry("typing", true)
                .containsEntry("typingExpiresAt", 7000L).containsEntry("name", "Ada");
    }

    @Test
    void heartbeat_replace_dropsFieldsNotInTheNewState() {
        Session first = joined(1000, object("name", "Ada", "cursor", 3));

        Session replaced = stored(RULES.heartbeat(KEY, Optional.of(first),
                new Heartbeat(Optional.of(object("name", "Bea")), true, true), at(2000)));

        assertThat(replaced.state()).isEqualTo(Map.of("name", "Bea"));
    }

    @Test
    void heartbeat_expiredSession_startsAFreshSession() {
        Session old = joined(1000, object("name", "Ada"));

        Transition done = RULES.heartbeat(KEY, Optional.of(old), Heartbeat.merging(object("status", "back")), at(11_000));

        assertThat(done).isInstanceOf(Transition.Upsert.class);
        assertThat(stored(done).state()).isEqualTo(Map.of("status", "back"));
        assertThat(stored(done).joinedAt()).isEqualTo(at(11_000));
    }

    @Test
    void heartbeat_sameHeartbeatAtTheSameInstant_changesNothing() {
        Session first = joined(1000, object("name", "Ada"));

        Transition again = RULES.heartbeat(KEY, Optional.of(first), Heartbeat.merging(object("name", "Ada")), at(1000));

        assertThat(again).isEqualTo(new Transition.Keep(Optional.of(first)));
    }

    @Test
    void heartbeat_typingTrueInState_setsTheServerDeadline() {
        Session session = joined(1000, object("typing", true));

        assertThat(session.state()).isEqualTo(Map.of("typing", true, "typingExpiresAt", 6000L));
        assertThat(session.typingDeadline()).contains(at(6000));
    }

    @Test
    void heartbeat_typingExpiresAtInState_isRejectedAsServerOwned() {
        Transition done = RULES.heartbeat(KEY, Optional.empty(),
                Heartbeat.merging(object("typingExpiresAt", 99_999_999L)), at(1000));

        assertThat(done).isEqualTo(new Transition.Reject(Optional.empty(),
                new Rejection.ServerOwnedField("typingExpiresAt")));
    }

    @Test
    void heartbeat_typingNotBoolean_isRejected() {
        Transition done = RULES.heartbeat(KEY, Optional.empty(), Heartbeat.merging(object("typing", "yes")), at(1000));

        assertThat(done).isEqualTo(new Transition.Reject(Optional.empty(), new Rejection.NotBoolean("typing")));
    }

    @Test
    void heartbeat_mergedStateOverLimit_isRejectedWithSizeAndLimit() {
        Session first = joined(1000, object("a", "x".repeat(100)));

        Transition done = RULES.heartbeat(KEY, Optional.of(first), Heartbeat.merging(object("b", "y".repeat(100))),
                at(2000));

        assertThat(done).isInstanceOf(Transition.Reject.class);
        Rejection rejection = ((Transition.Reject) done).rejection();
        assertThat(rejection).isEqualTo(new Rejection.StateTooLarge(215, 200));
    }

    @Test
    void heartbeat_inactive_keepsTheLastActivityTime() {
        Session first = joined(1000, object());

        Session later = stored(RULES.heartbeat(KEY, Optional.of(first), new Heartbeat(Optional.empty(), false, false),
                at(9000)));

        assertThat(later.activeAt()).isEqualTo(at(1000));
        assertThat(later.heartbeatAt()).isEqualTo(at(9000));
    }

    @Test
    void leave_storedSession_deletesIt() {
        Session session = joined(1000, object());

        assertThat(RULES.leave(Optional.of(session))).isEqualTo(new Transition.Delete(session));
    }

    @Test
    void leave_nothingStored_changesNothing() {
        assertThat(RULES.leave(Optional.empty())).isEqualTo(new Transition.Keep(Optional.empty()));
    }

    @Test
    void cursor_liveSession_setsCursorWithoutTouchingTtl() {
        Session session = joined(1000, object("name", "alice", "typing", false));

        Session moved = stored(RULES.cursor(Optional.of(session), Map.of("x", 42, "y", 7), at(3000)));

        assertThat(moved.state()).containsEntry("cursor", Map.of("x", 42, "y", 7)).containsEntry("name", "alice");
        assertThat(moved.heartbeatAt()).isEqualTo(at(1000));
        assertThat(moved.expiresAt()).isEqualTo(at(11_000));
        assertThat(moved.activeAt()).isEqualTo(at(3000));
    }

    @Test
    void cursor_null_removesTheCursor() {
        Session moved = stored(RULES.cursor(Optional.of(joined(1000, object())), 5, at(2000)));

        assertThat(stored(RULES.cursor(Optional.of(moved), null, at(3000))).state()).doesNotContainKey("cursor");
    }

    @Test
    void cursor_expiredSession_isRejectedAsNoLiveSession() {
        Session session = joined(1000, object());

        Transition done = RULES.cursor(Optional.of(session), 1, at(11_000));

        assertThat(done).isEqualTo(new Transition.Reject(Optional.of(session), new Rejection.NoLiveSession()));
    }

    @Test
    void typing_noSession_isRejectedAsNoLiveSession() {
        assertThat(RULES.typing(Optional.empty(), true, at(1000)))
                .isEqualTo(new Transition.Reject(Optional.empty(), new Rejection.NoLiveSession()));
    }

    @Test
    void typing_trueThenFalse_setsAndClearsTheDeadline() {
        Session session = joined(1000, object());

        Session typing = stored(RULES.typing(Optional.of(session), true, at(3000)));
        Session stopped = stored(RULES.typing(Optional.of(typing), false, at(4000)));

        assertThat(typing.state()).containsEntry("typing", true).containsEntry("typingExpiresAt", 8000L);
        assertThat(typing.expiresAt()).isEqualTo(at(11_000));
        assertThat(stopped.state()).containsEntry("typing", false).containsEntry("typingExpiresAt", null);
        assertThat(stopped.typingDeadline()).isEmpty();
    }

    @Test
    void settle_pastTypingDeadline_clearsTyping() {
        Session typing = stored(RULES.typing(Optional.of(joined(1000, object())), true, at(2000)));

        Transition done = RULES.settle(Optional.of(typing), at(7000));

        assertThat(stored(done).state()).containsEntry("typing", false).containsEntry("typingExpiresAt", null);
    }

    @Test
    void settle_beforeAnyDeadline_keepsTheSession() {
        Session session = joined(1000, object());

        assertThat(RULES.settle(Optional.of(session), at(5000))).isEqualTo(new Transition.Keep(Optional.of(session)));
    }

    @Test
    void settle_atExpiresAt_deletesTheSession() {
        Session session = joined(1000, object());

        assertThat(RULES.settle(Optional.of(session), at(11_000))).isEqualTo(new Transition.Delete(session));
    }

    @Test
    void settle_nothingStored_keepsNothing() {
        assertThat(RULES.settle(Optional.empty(), at(1000))).isEqualTo(new Transition.Keep(Optional.empty()));
    }

    @Test
    void settle_inactiveSession_goesIdleThenAway() {
        PresenceRules longLived = new PresenceRules(new PresencePolicy(Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(300), 200, 3, 2, false));
        Session session = stored(longLived.heartbeat(KEY, Optional.empty(), Heartbeat.renew(), at(0)));

        Session idle = stored(longLived.settle(Optional.of(session), at(60_000)));
        Session away = stored(longLived.settle(Optional.of(idle), at(300_000)));

        assertThat(session.activity()).isEqualTo(Activity.ACTIVE);
        assertThat(idle.activity()).isEqualTo(Activity.IDLE);
        assertThat(away.activity()).isEqualTo(Activity.AWAY);
    }

    @Test
    void disconnect_liveSession_shortensToTheGrace() {
        Session session = joined(1000, object());

        Session closing = stored(RULES.disconnect(Optional.of(session), at(2000)));

        assertThat(closing.expiresAt()).isEqualTo(at(4000));
    }

    @Test
    void disconnect_sessionEndingSooner_isKept() {
        Session session = joined(1000, object());

        assertThat(RULES.disconnect(Optional.of(session), at(10_000)))
                .isEqualTo(new Transition.Keep(Optional.of(session)));
    }

    @Test
    void heartbeat_withinGraceAfterDisconnect_keepsTheSessionAndRenews() {
        Session closing = stored(RULES.disconnect(Optional.of(joined(1000, object("name", "Ada"))), at(2000)));

        Transition back = RULES.heartbeat(KEY, Optional.of(closing), Heartbeat.renew(), at(3500));

        assertThat(stored(back).joinedAt()).isEqualTo(at(1000));
        assertThat(stored(back).state()).isEqualTo(Map.of("name", "Ada"));
        assertThat(stored(back).expiresAt()).isEqualTo(at(13_500));
    }

    @Test
    void admit_fullChannel_isRejectedWithTheLimit() {
        assertThat(RULES.admit("doc-1", 3, Set.of())).contains(new Rejection.TooManySessionsInChannel(3));
    }

    @Test
    void admit_actorInTooManyChannels_isRejectedWithTheLimit() {
        assertThat(RULES.admit("doc-3", 0, Set.of("doc-1", "doc-2")))
                .contains(new Rejection.TooManyChannelsForActor(2));
    }

    @Test
    void admit_anotherSessionInAChannelTheActorIsIn_isAllowed() {
        assertThat(RULES.admit("doc-1", 2, Set.of("doc-1", "doc-2"))).isEmpty();
    }

    @Test
    void nextDeadline_isTheEarliestOfExpiryTypingAndActivity() {
        Session session = joined(1000, object());
        Session typing = stored(RULES.typing(Optional.of(session), true, at(2000)));

        assertThat(RULES.nextDeadline(session)).isEqualTo(at(11_000));
        assertThat(RULES.nextDeadline(typing)).isEqualTo(at(7000));
    }

    @Test
    void activityAt_boundaries_areActiveIdleAway() {
        assertThat(RULES.activityAt(at(0), at(59_999))).isEqualTo(Activity.ACTIVE);
        assertThat(RULES.activityAt(at(0), at(60_000))).isEqualTo(Activity.IDLE);
        assertThat(RULES.activityAt(at(0), at(299_999))).isEqualTo(Activity.IDLE);
        assertThat(RULES.activityAt(at(0), at(300_000))).isEqualTo(Activity.AWAY);
    }

    /** Coalesced renewals: TTL 10 s, idle after 60 s, so an active heartbeat may be coalesced. */
    @Nested
    class CoalescedRenewals {

        private final PresenceRules coalescing = new PresenceRules(new PresencePolicy(Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(300), 200, 3,
                2, true));

        private Session joinedAt(long millis, Map<String, Object> state) {
            return stored(coalescing.heartbeat(KEY, Optional.empty(), Heartbeat.merging(state), at(millis)));
        }

        @Test
        void renewalWithHalfTheTtlLeft_keepsTheStoredSession() {
            Session first = joinedAt(0, object("name", "Ada"));

            Transition renewal = coalescing.heartbeat(KEY, Optional.of(first), Heartbeat.renew(), at(5000));

            assertThat(renewal).isEqualTo(new Transition.Keep(Optional.of(first)));
        }

        @Test
        void renewalWithLessThanHalfTheTtlLeft_isWritten() {
            Session first = joinedAt(0, object("name", "Ada"));

            Session renewed = stored(coalescing.heartbeat(KEY, Optional.of(first), Heartbeat.renew(), at(5001)));

            assertThat(renewed.expiresAt()).isEqualTo(at(15_001));
            assertThat(renewed.heartbeatAt()).isEqualTo(at(5001));
        }

        @Test
        void heartbeatChangingTheState_isWrittenAtOnceWithTheStoredTimes() {
            Session first = joinedAt(0, object("name", "Ada"));

            Transition patched = coalescing.heartbeat(KEY, Optional.of(first),
                    Heartbeat.merging(object("name", "Bea")), at(1000));

            assertThat(patched).isInstanceOf(Transition.Upsert.class);
            assertThat(stored(patched)).isEqualTo(first.withState(Map.of("name", "Bea")));
        }

        @Test
        void heartbeatChangingTheStateWithLessThanHalfTheTtlLeft_alsoRenews() {
            Session first = joinedAt(0, object("name", "Ada"));

            Session patched = stored(coalescing.heartbeat(KEY, Optional.of(first),
                    Heartbeat.merging(object("name", "Bea")), at(5001)));

            assertThat(patched.state()).isEqualTo(Map.of("name", "Bea"));
            assertThat(patched.expiresAt()).isEqualTo(at(15_001));
            assertThat(patched.heartbeatAt()).isEqualTo(at(5001));
        }

        @Test
        void heartbeatMakingTheStateTooLarge_isRejectedEvenWhenItKeepsTheTimes() {
            Session first = joinedAt(0, object("name", "Ada"));

            Transition tooLarge = coalescing.heartbeat(KEY, Optional.of(first),
                    Heartbeat.merging(object("name", "x".repeat(300))), at(1000));

            assertThat(tooLarge).isInstanceOfSatisfying(Transition.Reject.class, reject ->
                    assertThat(reject.rejection()).isInstanceOf(Rejection.StateTooLarge.class));
        }

        @Test
        void heartbeatWithAnUnchangedPatch_isCoalesced() {
            Session first = joinedAt(0, object("name", "Ada"));

            Transition same = coalescing.heartbeat(KEY, Optional.of(first),
                    Heartbeat.merging(object("name", "Ada")), at(1000));

            assertThat(same).isEqualTo(new Transition.Keep(Optional.of(first)));
        }

        @Test
        void renewalAfterADisconnectShortenedTheSession_isWritten() {
            Session first = joinedAt(0, Map.of());
            Session graced = stored(coalescing.disconnect(Optional.of(first), at(1000)));

            Session renewed = stored(coalescing.heartbeat(KEY, Optional.of(graced), Heartbeat.renew(), at(1500)));

            assertThat(renewed.expiresAt()).isEqualTo(at(11_500));
        }

        @Test
        void activeHeartbeatOfAnInactiveSession_isWrittenSoItDoesNotGoIdleEarly() {
            PresenceRules quickIdle = new PresenceRules(new PresencePolicy(Duration.ofSeconds(10),
                    Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(300), 200,
                    3, 2, true));
            Session first = stored(quickIdle.heartbeat(KEY, Optional.empty(), Heartbeat.renew(), at(0)));

            Session renewed = stored(quickIdle.heartbeat(KEY, Optional.of(first), Heartbeat.renew(), at(1000)));

            assertThat(renewed.activeAt()).isEqualTo(at(1000));
        }

        @Test
        void renewalOfASessionWhoseTypingEnded_writesTheSettledSessionWithItsTimes() {
            Session typing = joinedAt(0, object("typing", true));

            Session settled = stored(coalescing.heartbeat(KEY, Optional.of(typing), Heartbeat.renew(), at(5000)));

            assertThat(settled.state()).containsEntry("typing", false);
            assertThat(settled.expiresAt()).isEqualTo(typing.expiresAt());
            assertThat(settled.heartbeatAt()).isEqualTo(typing.heartbeatAt());
        }

        @Test
        void renewalsEveryThirdOfTheTtl_neverLetTheSessionExpire() {
            Session session = joinedAt(0, Map.of());

            for (long now = 3333; now <= 100_000; now += 3333) {
                assertThat(session.isLiveAt(at(now))).as("live at %d ms", now).isTrue();
                session = stored(coalescing.heartbeat(KEY, Optional.of(session), Heartbeat.renew(), at(now)));
            }
        }
    }
}
