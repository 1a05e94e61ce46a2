package dev.syncpack.presence.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PresencePolicyTest {

    private static PresencePolicy policy(Duration ttl, Duration grace, Duration idle, Duration away) {
        return new PresencePolicy(ttl, Duration.ofSeconds(5), grace, idle, away, 4096, 10, 10, false);
    }

    @Test
    void constructor_idleNotBeforeAway_namesBothValues() {
        assertThatThrownBy(() -> policy(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleAfter (PT5M) must be shorter than awayAfter (PT1M): a session goes idle before it "
                        + "goes away");
    }

    @Test
    void constructor_graceLongerThanTtl_namesBothValues() {
        assertThatThrownBy(() -> policy(Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofMinutes(1),
                Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reconnectGrace (PT40S) must not exceed heartbeatTtl (PT30S): a closed connection's "
                        + "sessions never outlive their TTL");
    }

    @Test
    void constructor_zeroTtl_isRejected() {
        assertThatThrownBy(() -> policy(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heartbeatTtl must be positive, was PT0S");
    }
}
