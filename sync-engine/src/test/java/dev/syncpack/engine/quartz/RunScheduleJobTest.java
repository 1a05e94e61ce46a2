package dev.syncpack.engine.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class RunScheduleJobTest {

    private static final Date FIRED = Date.from(Instant.parse("2026-11-25T12:00:03.010Z"));

    @Test
    void isSuperseded_nextTickStillAhead_false() {
        assertThat(RunScheduleJob.isSuperseded(FIRED, Date.from(Instant.parse("2026-11-25T12:00:04Z")))).isFalse();
    }

    @Test
    void isSuperseded_nextTickAlreadyDue_true() {
        assertThat(RunScheduleJob.isSuperseded(FIRED, Date.from(Instant.parse("2026-11-25T12:00:02Z")))).isTrue();
    }

    @Test
    void isSuperseded_nextTickDueExactlyNow_true() {
        assertThat(RunScheduleJob.isSuperseded(FIRED, FIRED)).isTrue();
    }

    @Test
    void isSuperseded_noNextTick_false() {
        assertThat(RunScheduleJob.isSuperseded(FIRED, null)).isFalse();
    }
}
