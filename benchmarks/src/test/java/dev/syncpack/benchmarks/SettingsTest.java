package dev.syncpack.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void parse_defaults_areFullModeEveryFigureAndTheLocalDatabase() {
        Settings settings = Settings.parse(List.of(), Map.of());

        assertThat(settings.quick()).isFalse();
        assertThat(settings.only()).isEqualTo(Settings.ALL_FIGURES);
        assertThat(settings.jdbcUrl()).isEqualTo(Settings.DEFAULT_JDBC_URL);
        assertThat(settings.command()).isEqualTo("benchmarks/run");
    }

    @Test
    void parse_environmentUrl_isUsedUnlessTheOptionGivesOne() {
        Map<String, String> env = Map.of("SYNCPACK_BENCH_JDBC_URL", "jdbc:postgresql://db/env");

        assertThat(Settings.parse(List.of(), env).jdbcUrl()).isEqualTo("jdbc:postgresql://db/env");
        assertThat(Settings.parse(List.of("--jdbc-url", "jdbc:postgresql://db/option"), env).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/option");
    }

    @Test
    void toArgs_givesTheSameSettingsBack() {
        Settings settings = Settings.parse(List.of("--quick", "--only", "2,4", "--out", "/tmp/x"), Map.of());

        assertThat(Settings.parse(settings.toArgs(), Map.of())).isEqualTo(settings);
        assertThat(settings.out()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void parse_unknownFigure_isRefusedWithTheRange() {
        assertThatThrownBy(() -> Settings.parse(List.of("--only", "1,9"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--only takes figure numbers 1 to 8, was 9");
    }

    @Test
    void parse_unknownOption_namesIt() {
        assertThatThrownBy(() -> Settings.parse(List.of("--fast"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option --fast");
    }
}
