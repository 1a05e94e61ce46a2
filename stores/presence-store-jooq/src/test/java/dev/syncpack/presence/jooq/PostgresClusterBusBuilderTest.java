package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The bus builder rejects bad values at once, naming the option and the value. */
class PostgresClusterBusBuilderTest {

    private static PostgresClusterBus.Builder builder() {
        return PostgresClusterBus.builder(new PGSimpleDataSource(), new PGSimpleDataSource());
    }

    @Test
    void nodeId_withAColon_isRejected() {
        assertThatThrownBy(() -> builder().nodeId("a:b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodeId must match")
                .hasMessageContaining("\"a:b\"");
    }

    @Test
    void channel_blank_isRejected() {
        assertThatThrownBy(() -> builder().channel(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel must match");
    }

    @Test
    void retention_belowAMinute_isRejected() {
        assertThatThrownBy(() -> builder().retention(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention must be at least 1 minute, was PT30S");
    }

    @Test
    void pollInterval_outOfRange_isRejected() {
        assertThatThrownBy(() -> builder().pollInterval(Duration.ofSeconds(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pollInterval must be between 10 ms and 5 s, was PT6S");
    }

    @Test
    void prefix_tooLong_isRejected() {
        assertThatThrownBy(() -> builder().prefix("p".repeat(49)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix must match");
    }
}
