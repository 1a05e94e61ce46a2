package dev.syncpack.samples.presence;

import static dev.syncpack.samples.presence.SyncSocket.nanosBeforeClose;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a socket the server closes sends its close frame: once its client is quiet, or at the deadline. */
class QuietBeforeCloseTest {

    private static final long QUIET = SyncSocket.QUIET_BEFORE_CLOSE.toNanos();
    private static final long MS = Duration.ofMillis(1).toNanos();

    @Test
    void clientQuietForTheWholeQuietPeriod_isClosedNow() {
        long now = 1_000 * MS;

        assertThat(nanosBeforeClose(now, now - QUIET, now + 2_000 * MS)).isLessThanOrEqualTo(0);
    }

    @Test
    void clientThatSentLately_waitsForTheRestOfTheQuietPeriod() {
        long now = 1_000 * MS;

        assertThat(nanosBeforeClose(now, now - 100 * MS, now + 2_000 * MS)).isEqualTo(QUIET - 100 * MS);
    }

    @Test
    void clientStillSendingNearTheDeadline_waitsOnlyUntilTheDeadline() {
        long now = 1_000 * MS;

        assertThat(nanosBeforeClose(now, now, now + 50 * MS)).isEqualTo(50 * MS);
        assertThat(nanosBeforeClose(now + 50 * MS, now + 50 * MS, now + 50 * MS)).isZero();
    }

    @Test
    void readingsEitherSideOfTheNanoTimeOverflow_compareByTheirDifference() {
        long received = Long.MAX_VALUE - 10 * MS;
        long now = received + 100 * MS;

        assertThat(nanosBeforeClose(now, received, now + 2_000 * MS)).isEqualTo(QUIET - 100 * MS);
    }
}
