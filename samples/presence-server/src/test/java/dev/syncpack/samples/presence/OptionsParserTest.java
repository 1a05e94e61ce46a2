package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.samples.presence.OptionsParser.Command;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsParserTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static ServerOptions parse(Map<String, String> env, String... args) throws OptionsException {
        return ((Command.Run) OptionsParser.parse(List.of(args), env)).options();
    }

    private static ServerOptions parse(String... args) throws OptionsException {
        return parse(Map.of(), args);
    }

    private static String problem(String... args) {
        return assertThatThrownBy(() -> parse(args)).isInstanceOf(OptionsException.class).actual().getMessage();
    }

    @Test
    void noOptions_giveTheDefaults() throws OptionsException {
        assertThat(parse()).isEqualTo(ServerOptions.defaults());
        assertThat(ServerOptions.defaults().port()).isEqualTo(8080);
        assertThat(ServerOptions.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(ServerOptions.defaults().devTokens()).isTrue();
    }

    @Test
    void everyOption_isRead_inBothSpellings() throws OptionsException {
        ServerOptions options = parse("--port", "9090", "--host=0.0.0.0", "--heartbeat-ttl", "2m",
                "--reconnect-grace=500ms", "--typing-ttl", "3s", "--cleanup-cron", "0/5 * * * * ?",
                "--token-secret", SECRET, "--no-dev-tokens", "--admin-token", "a-long-admin-token",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/presence", "--diff-interval", "20ms");

        assertThat(options).isEqualTo(new ServerOptions("0.0.0.0", 9090,
                Optional.of("jdbc:postgresql://127.0.0.1:5432/presence"), Duration.ofMinutes(2),
                Duration.ofMillis(500), Duration.ofSeconds(3), "0/5 * * * * ?", Optional.of(SECRET), false,
                Optional.of("a-long-admin-token"), Duration.ofMillis(20)));
    }

    @Test
    void environment_setsOptions_andTheCommandLineWins() throws OptionsException {
        Map<String, String> env = Map.of("PRESENCE_PORT", "7000", "PRESENCE_TYPING_TTL", "9s",
                "PRESENCE_NO_DEV_TOKENS", "true", "PRESENCE_TOKEN_SECRET", SECRET);

        ServerOptions options = parse(env, "--port", "7001");

        assertThat(options.port()).isEqualTo(7001);
        assertThat(options.typingTtl()).isEqualTo(Duration.ofSeconds(9));
        assertThat(options.devTokens()).isFalse();
    }

    @Test
    void help_winsOverEverythingElse() throws OptionsException {
        assertThat(OptionsParser.parse(List.of("--port", "nope", "-h"), Map.of())).isInstanceOf(Command.Help.class);
    }

    @Test
    void unknownOption_isNamed() {
        assertThat(problem("--prot", "80")).isEqualTo("unknown option \"--prot\"");
    }

    @Test
    void optionGivenTwice_isRefused() {
        assertThat(problem("--port", "1", "--port=2")).isEqualTo("--port is given twice");
    }

    @Test
    void optionWithoutItsValue_saysWhatItNeeds() {
        assertThat(problem("--typing-ttl")).isEqualTo("--typing-ttl needs a value: --typing-ttl DURATION");
    }

    @Test
    void flagWithAValue_isRefused() {
        assertThat(problem("--no-dev-tokens=yes")).isEqualTo("--no-dev-tokens takes no value, was \"--no-dev-tokens=yes\"");
    }

    @Test
    void portOutOfRange_namesTheRange() {
        assertThat(problem("--port", "70000")).isEqualTo("--port must be a port from 0 to 65535, was \"70000\"");
    }

    @Test
    void badEnvironmentValue_namesTheVariable() {
        assertThatThrownBy(() -> parse(Map.of("PRESENCE_PORT", "eighty")))
                .hasMessage("PRESENCE_PORT must be a port from 0 to 65535, was \"eighty\"");
    }

    @Test
    void zeroTtl_isRefused_butAZeroGraceIsFine() throws OptionsException {
        assertThat(problem("--heartbeat-ttl", "0s")).isEqualTo("--heartbeat-ttl must be longer than zero, was \"0s\"");
        assertThat(parse("--reconnect-grace", "0ms").reconnectGrace()).isZero();
    }

    @Test
    void diffIntervalOverASecond_isRefusedWithTheLimit_butZeroIsFine() throws OptionsException {
        assertThat(problem("--diff-interval", "2s"))
                .isEqualTo("--diff-interval must be at most 1s (every change waits up to this long), was \"2s\"");
        assertThat(parse("--diff-interval", "0ms").diffInterval()).isZero();
    }

    @Test
    void graceLongerThanTheTtl_namesBothValues() {
        assertThat(problem("--heartbeat-ttl", "10s", "--reconnect-grace", "15s"))
                .isEqualTo("the reconnect grace (15s) must not be longer than the heartbeat TTL (10s)");
    }

    @Test
    void cronQuartzCannotParse_isRefusedWithQuartzsReason() {
        assertThat(problem("--cleanup-cron", "*/15 * * * * *")).startsWith("--cleanup-cron must be a Quartz cron")
                .contains("\"*/15 * * * * *\" is not: ");
    }

    @Test
    void shortTokenSecret_isRefusedWithItsLength() {
        assertThat(problem("--token-secret", "short")).isEqualTo(
                "--token-secret must be at least 32 bytes long, was 5; generate one with: openssl rand -hex 32");
    }

    @Test
    void shortAdminToken_isRefused() {
        assertThat(problem("--admin-token", "admin")).isEqualTo("--admin-token must be at least 16 characters long, was 5");
    }

    @Test
    void noDevTokensWithoutASecret_isRefused() {
        assertThat(problem("--no-dev-tokens")).startsWith("--no-dev-tokens needs --token-secret");
    }

    @Test
    void jdbcUrlOfAnotherDatabase_isRefused() {
        assertThat(problem("--jdbc-url", "jdbc:mysql://db/presence")).isEqualTo(
                "--jdbc-url must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, was \"jdbc:mysql://db/presence\"");
    }

    @Test
    void booleanEnvironmentValue_mustBeTrueOrFalse() {
        assertThatThrownBy(() -> parse(Map.of("PRESENCE_NO_DEV_TOKENS", "maybe")))
                .hasMessage("PRESENCE_NO_DEV_TOKENS must be true or false, was \"maybe\"");
    }
}
