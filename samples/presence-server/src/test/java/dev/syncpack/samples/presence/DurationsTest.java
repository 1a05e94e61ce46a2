package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parse_readsEveryUnit() throws OptionsException {
        assertThat(Durations.parse("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("--x", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("--x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("--x", "1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void parse_refusesANumberWithoutAUnit() {
        assertThatThrownBy(() -> Durations.parse("--heartbeat-ttl", "30"))
                .hasMessage("--heartbeat-ttl must be a duration such as 500ms, 30s, 2m or 1h, was \"30\"");
    }

    @Test
    void parse_refusesNegativeAndFractionalAmounts() {
        assertThatThrownBy(() -> Durations.parse("--x", "-5s")).isInstanceOf(OptionsException.class);
        assertThatThrownBy(() -> Durations.parse("--x", "1.5s")).isInstanceOf(OptionsException.class);
    }

    @Test
    void format_usesTheLargestWholeUnit() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }
}
