package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names {@link PostgresBackend} derives; the backend itself runs in {@link PresenceServerOnPostgresTest}. */
class PostgresBackendTest {

    @Test
    void busChannel_ofAPlainSchema_namesTheSchema() {
        assertThat(PostgresBackend.busChannel("public")).isEqualTo("syncpack_bus.public");
    }

    @Test
    void busChannel_ofASchemaTheChannelCannotCarry_isADigestThatFits() {
        String odd = PostgresBackend.busChannel("Präsenz schema");
        String tooLong = PostgresBackend.busChannel("s".repeat(60));

        assertThat(odd).matches("syncpack_bus\\.[0-9a-f-]{36}");
        assertThat(tooLong).matches("syncpack_bus\\.[0-9a-f-]{36}").isNotEqualTo(odd);
    }

    @Test
    void withoutParameters_dropsUserAndPassword() {
        assertThat(PostgresBackend.withoutParameters("jdbc:postgresql://db:5432/presence?user=app&password=secret"))
                .isEqualTo("jdbc:postgresql://db:5432/presence");
    }
}
