package dev.syncpack.presence.jooq;

import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.reliability.ModelCheck;
import dev.syncpack.presence.reliability.ModelTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The presence model check of presence-pack's test-jar on {@link JooqPresenceStore} and real
 * PostgreSQL. The database's clock decides every time, so time passes for real (TTL 800 ms) and
 * the schedules are checked for the model-independent invariants at quiet points: every
 * subscriber's mirror equals a fresh hydrate, no expired or unsettled session is left, rows stay
 * in their scope, one row per key. Fewer schedules than in memory: each costs real seconds.
 */
class JooqModelCheckTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final PresencePolicy REAL_TIME_LIMITS = new PresencePolicy(Duration.ofMillis(800),
            Duration.ofMillis(250), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(500), 160, 5, 2, true);

    @Test
    @Timeout(300)
    void seededSchedulesOnPostgreSql_keepEveryMirrorEqualToAFreshHydrate() {
        JooqPresenceStore store = JooqPresenceStore.builder(DB.pool("model-check")).schema(DB.schema())
                .prefix("mc_").build();
        store.migrate();

        ModelCheck.builder("postgresql", "-pl stores/presence-store-jooq -am -Dtest=JooqModelCheckTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false")
                .stores(clock -> store)
                .time(ModelTime.storeClock())
                .policy(REAL_TIME_LIMITS)
                .schedules(6)
                .operationsPerSchedule(300)
                .run()
                .assertNoDivergence();
    }
}
