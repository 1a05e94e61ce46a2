package dev.syncpack.presence.reliability;

import dev.syncpack.presence.store.InMemoryPresenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The model check on {@link InMemoryPresenceStore} with a virtual clock: 1000 seeded schedules of
 * 1000 ops each, half compared op by op with the sequential model, half on three threads.
 */
class InMemoryModelCheckTest {

    @Test
    @Timeout(300)
    void seededSchedules_neverDivergeFromTheModelOrTheInvariants() {
        ModelCheck.builder("in-memory", "-pl presence-pack -am -Dtest=InMemoryModelCheckTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false")
                .stores(InMemoryPresenceStore::new)
                .run()
                .assertNoDivergence();
    }
}
