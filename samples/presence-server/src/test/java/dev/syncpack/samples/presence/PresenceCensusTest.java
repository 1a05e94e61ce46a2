package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PresenceCensusTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final InMemoryPresenceStore store = new InMemoryPresenceStore(InstantSource.fixed(NOW));
    private final PresenceCensus census = new PresenceCensus(store);

    private void store(String scope, String channel, String actor, String session, Duration expiresIn) {
        SessionKey key = new SessionKey(scope, channel, actor, session);
        Session stored = new Session(key, Map.of(), Activity.ACTIVE, NOW, NOW, NOW, NOW.plus(expiresIn));
        store.compute(key, (current, now) -> new Transition.Upsert(current, stored));
    }

    @Test
    void count_ofAnEmptyStore_isZero() {
        assertThat(census.count()).isEqualTo(new PresenceCensus.Count(0, 0));
    }

    @Test
    void count_countsLiveSessionsAndDistinctChannelsPerWorkspace() {
        store("acme", "doc-1", "ada", "laptop", Duration.ofSeconds(30));
        store("acme", "doc-1", "ada", "phone", Duration.ofSeconds(30));
        store("acme", "doc-2", "bob", "tab", Duration.ofSeconds(5));
        store("globex", "doc-1", "eve", "tab", Duration.ofDays(2));

        assertThat(census.count()).isEqualTo(new PresenceCensus.Count(4, 3));
    }

    @Test
    void count_leavesOutSessionsThatExpiredButAreNotDeletedYet() {
        store("acme", "doc-1", "ada", "laptop", Duration.ofSeconds(30));
        store("acme", "doc-2", "bob", "tab", Duration.ZERO);

        assertThat(census.count()).isEqualTo(new PresenceCensus.Count(1, 1));
    }
}
