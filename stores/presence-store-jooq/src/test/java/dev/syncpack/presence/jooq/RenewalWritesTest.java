package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The write-economy rule on its own: which upserts the store may keep instead of writing. */
class RenewalWritesTest {

    private static final SessionKey KEY = new SessionKey("ws", "doc", "alice", "tab");
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Instant WRITTEN = Instant.parse("2026-01-01T10:00:00Z");
    private static final Session STORED = session(WRITTEN, Map.of("name", "Ada"), Activity.ACTIVE);

    private final RenewalWrites economy = new RenewalWrites(true);

    private static Session session(Instant heartbeatAt, Map<String, Object> state, Activity activity) {
        return new Session(KEY, state, activity, WRITTEN.minusSeconds(60), heartbeatAt, heartbeatAt, heartbeatAt.plus(TTL));
    }

    private static Transition renewalAt(Instant now) {
        return new Transition.Upsert(Optional.of(STORED), session(now, STORED.state(), STORED.activity()));
    }

    @Test
    void pureRenewal_withMoreThanHalfTheTtlLeft_mayBeKept() {
        Instant now = WRITTEN.plusSeconds(10);

        assertThat(economy.mayKeep(Optional.of(STORED), renewalAt(now), now)).isTrue();
    }

    @Test
    void pureRenewal_withExactlyHalfTheTtlLeft_mayBeKept() {
        Instant now = WRITTEN.plus(TTL.dividedBy(2));

        assertThat(economy.mayKeep(Optional.of(STORED), renewalAt(now), now)).isTrue();
    }

    @Test
    void pureRenewal_withLessThanHalfTheTtlLeft_isWritten() {
        Instant now = WRITTEN.plus(TTL.dividedBy(2)).plusMillis(1);

        assertThat(economy.mayKeep(Optional.of(STORED), renewalAt(now), now)).isFalse();
    }

    @Test
    void renewalChangingTheState_isWritten() {
        Instant now = WRITTEN.plusSeconds(1);
        Transition patched = new Transition.Upsert(Optional.of(STORED), session(now, Map.of("name", "Bea"), Activity.ACTIVE));

        assertThat(economy.mayKeep(Optional.of(STORED), patched, now)).isFalse();
    }

    @Test
    void renewalChangingTheActivity_isWritten() {
        Instant now = WRITTEN.plusSeconds(1);
        Transition idle = new Transition.Upsert(Optional.of(STORED), session(now, STORED.state(), Activity.IDLE));

        assertThat(economy.mayKeep(Optional.of(STORED), idle, now)).isFalse();
    }

    @Test
    void shorterExpiry_likeAClosedConnectionsGrace_isWritten() {
        Instant now = WRITTEN.plusSeconds(1);
        Session graced = new Session(KEY, STORED.state(), Activity.ACTIVE, STORED.joinedAt(), STORED.heartbeatAt(),
                STORED.activeAt(), now.plusSeconds(5));

        assertThat(economy.mayKeep(Optional.of(STORED), new Transition.Upsert(Optional.of(STORED), graced), now)).isFalse();
    }

    @Test
    void newSessionsAndDeletes_areAlwaysWritten() {
        Instant now = WRITTEN.plusSeconds(1);

        assertThat(economy.mayKeep(Optional.empty(), new Transition.Upsert(Optional.empty(), STORED), now)).isFalse();
        assertThat(economy.mayKeep(Optional.of(STORED), new Transition.Delete(STORED), now)).isFalse();
    }

    @Test
    void turnedOff_keepsNothing() {
        Instant now = WRITTEN.plusSeconds(1);

        assertThat(new RenewalWrites(false).mayKeep(Optional.of(STORED), renewalAt(now), now)).isFalse();
    }
}
