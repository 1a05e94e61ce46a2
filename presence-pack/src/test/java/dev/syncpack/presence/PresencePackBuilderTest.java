package dev.syncpack.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.spi.SyncPack;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configuration is checked at once, with messages naming the option, the rule and the value. */
class PresencePackBuilderTest {

    private static PresencePack.Builder withActor() {
        return PresencePack.builder().actorId(ctx -> ctx.stringAttribute("userId"));
    }

    @Test
    void build_withoutActorId_saysHowToSetIt() {
        assertThatThrownBy(() -> PresencePack.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("actorId is required: tell the pack how to read the caller's actor id, "
                        + "e.g. .actorId(ctx -> ctx.stringAttribute(\"userId\"))");
    }

    @Test
    void heartbeatTtl_zero_isRejectedAtOnce() {
        assertThatThrownBy(() -> withActor().heartbeatTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heartbeatTtl must be positive, was PT0S");
    }

    @Test
    void typingTtl_negative_isRejectedAtOnce() {
        assertThatThrownBy(() -> withActor().typingTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("typingTtl must be positive, was PT-1S");
    }

    @Test
    void reconnectGrace_negative_isRejectedAtOnce() {
        assertThatThrownBy(() -> withActor().reconnectGrace(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reconnectGrace must not be negative, was PT-0.005S");
    }

    @Test
    void maxStateBytes_zero_isRejectedAtOnce() {
        assertThatThrownBy(() -> withActor().maxStateBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxStateBytes must be at least 1, was 0");
    }

    @Test
    void option_setTwice_namesTheEarlierValue() {
        assertThatThrownBy(() -> withActor().heartbeatTtl(Duration.ofSeconds(20)).heartbeatTtl(Duration.ofSeconds(40)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("heartbeatTtl was already set to PT20S");
    }

    @Test
    void prefix_withColon_isRejected() {
        assertThatThrownBy(() -> withActor().prefix("docs:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must be up to 64 letters, digits, '_', '-' or '.', was \"docs:\"");
    }

    @Test
    void cleanupCron_unixFiveFields_isRejectedWithAnExample() {
        assertThatThrownBy(() -> withActor().cleanupCron("*/15 * * * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cleanupCron must be a Quartz cron: seconds minutes hours day-of-month month day-of-week "
                        + "[year], with ? in exactly one of day-of-month and day-of-week, e.g. 0/15 * * * * ?; "
                        + "was \"*/15 * * * *\"");
    }

    @Test
    void cleanupCron_cronerStyleWithoutQuestionMark_isRejected() {
        assertThatThrownBy(() -> withActor().cleanupCron("*/15 * * * * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cleanupCron must be a Quartz cron");
    }

    @Test
    void cleanupCron_quartzRejects_failsRegistrationNamingTheSchedule() {
        SyncPack pack = withActor().cleanupCron("0/99 * * * * ?").build();

        try (InProcessSyncEngine engine = InProcessSyncEngine.builder().build()) {
            SyncException error = catchThrowableOfType(SyncException.class, () -> engine.registerPack(pack));

            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(error.getMessage()).contains("schedule \"presence:cleanup\" has an invalid Quartz cron "
                    + "\"0/99 * * * * ?\"");
            assertThat(engine.inspect().packs()).isEmpty();
        }
    }

    @Test
    void build_idleAfterNotBeforeAwayAfter_namesBothValues() {
        assertThatThrownBy(() -> withActor().idleAfter(Duration.ofMinutes(10)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleAfter (PT10M) must be shorter than awayAfter (PT5M): a session goes idle before it "
                        + "goes away");
    }

    @Test
    void build_graceLongerThanTtl_namesBothValues() {
        assertThatThrownBy(() -> withActor().heartbeatTtl(Duration.ofSeconds(3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reconnectGrace (PT5S) must not exceed heartbeatTtl (PT3S): a closed connection's "
                        + "sessions never outlive their TTL");
    }

    @Test
    void build_defaults_describeThePack() {
        SyncPack pack = withActor().prefix("docs_").build();

        assertThat(pack.name()).isEqualTo("presence");
        assertThat(pack.version()).isEqualTo(PresencePack.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(pack.instance()).isEqualTo("docs_");
        assertThat(pack.ownsTables()).containsExactly("docs_presence");
        assertThat(pack.schedules()).singleElement().satisfies(schedule -> {
            assertThat(schedule.name()).isEqualTo("docs_presence:cleanup");
            assertThat(schedule.cron()).isEqualTo("0/15 * * * * ?");
            assertThat(schedule.retry().maxAttempts()).isEqualTo(3);
        });
    }

    @Test
    void registration_twiceOfOnePack_isRefused() {
        SyncPack pack = withActor().build();
        try (InProcessSyncEngine first = InProcessSyncEngine.builder().build();
             InProcessSyncEngine second = InProcessSyncEngine.builder().build()) {
            first.registerPack(pack);

            assertThatThrownBy(() -> second.registerPack(pack))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("presence pack presence is already registered with an engine; build one pack per "
                            + "engine");
        }
    }

    @Test
    void scope_blank_meansNoScope() {
        SyncPack pack = withActor().scope(ctx -> Optional.of(" ")).build();
        try (InProcessSyncEngine engine = InProcessSyncEngine.builder().build()) {
            engine.registerPack(pack);

            Object row = engine.runMutation("presence:heartbeat", Map.of("channel", "doc-1"),
                    PresenceHarness.user("c-1", "alice", null));

            assertThat(((Map<?, ?>) row).get("scope")).isNull();
            assertThat(((Map<?, ?>) row).containsKey("scope")).isTrue();
        }
    }
}
