package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.presence.core.Heartbeat;
import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.core.PresenceRules;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the PostgreSQL store adds to the contract: migration, coalesced renewals left unwritten, names. */
class JooqPresenceStoreTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final SessionKey KEY = new SessionKey("ws", "doc", "alice", "tab-1");
    private static DataSource pool;

    @BeforeAll
    static void openPool() {
        pool = DB.pool("store");
    }

    private static String freshPrefix() {
        return "s" + TABLES.incrementAndGet() + "_";
    }

    private static JooqPresenceStore store(String prefix) {
        JooqPresenceStore store = JooqPresenceStore.builder(pool).schema(DB.schema()).prefix(prefix).build();
        store.migrate();
        return store;
    }

    private static PresenceRules rules(Duration ttl) {
        return new PresenceRules(new PresencePolicy(ttl, Duration.ofMillis(ttl.toMillis() / 2), Duration.ZERO,
                Duration.ofMinutes(1), Duration.ofMinutes(5), 4096, 100, 100, true));
    }

    private static Transition heartbeat(JooqPresenceStore store, PresenceRules rules, Heartbeat heartbeat) {
        return store.compute(KEY, (current, now) -> rules.heartbeat(KEY, current, heartbeat, now));
    }

    /** @return the row's {@code xmin}: the transaction that last wrote it */
    private static String rowVersion(String prefix) throws SQLException {
        try (Connection connection = DB.connect();
             PreparedStatement query = connection.prepareStatement("SELECT xmin::text FROM \"" + prefix + "presence\" "
                     + "WHERE actor_id = ?")) {
            query.setString(1, KEY.actorId());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    @Test
    void migrate_runTwice_changesNothing() {
        String prefix = freshPrefix();
        JooqPresenceStore store = store(prefix);
        heartbeat(store, rules(Duration.ofSeconds(30)), Heartbeat.merging(Map.of("name", "Ada")));

        store.migrate();

        assertThat(store.get(KEY)).get().extracting(Session::state).isEqualTo(Map.of("name", "Ada"));
    }

    @Test
    void migrate_prefixWithCapitalsDashesAndDots_isQuoted() {
        JooqPresenceStore store = store("Docs-v2.");
        heartbeat(store, rules(Duration.ofSeconds(30)), Heartbeat.renew());

        assertThat(store.get(KEY)).isPresent();
    }

    @Test
    void migrate_keyColumns_compareAsBytesWhateverTheDatabaseDefault() throws SQLException {
        String prefix = freshPrefix();
        store(prefix);

        List<String> collations = new ArrayList<>();
        try (Connection connection = DB.connect();
             PreparedStatement query = connection.prepareStatement("SELECT column_name || ' ' || collation_name "
                     + "FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                     + "AND column_name IN ('scope', 'channel', 'actor_id', 'session_id') ORDER BY ordinal_position")) {
            query.setString(1, DB.schema());
            query.setString(2, prefix + "presence");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    collations.add(rows.getString(1));
                }
            }
        }

        assertThat(collations).containsExactly("scope C", "channel C", "actor_id C", "session_id C");
    }

    @Test
    void pureRenewal_withMoreThanHalfTheTtlLeft_isNotWrittenAndKeepsTheStoredSession() throws SQLException {
        String prefix = freshPrefix();
        JooqPresenceStore store = store(prefix);
        PresenceRules rules = rules(Duration.ofSeconds(30));
        Session first = heartbeat(store, rules, Heartbeat.renew()).stored().orElseThrow();
        String written = rowVersion(prefix);

        Transition second = heartbeat(store, rules, Heartbeat.merging(Map.of()));

        assertThat(second).isEqualTo(new Transition.Keep(java.util.Optional.of(first)));
        assertThat(rowVersion(prefix)).isEqualTo(written);
    }

    @Test
    void renewal_changingTheState_isWritten() throws SQLException {
        String prefix = freshPrefix();
        JooqPresenceStore store = store(prefix);
        PresenceRules rules = rules(Duration.ofSeconds(30));
        heartbeat(store, rules, Heartbeat.renew());
        String written = rowVersion(prefix);

        Transition second = heartbeat(store, rules, Heartbeat.merging(Map.of("status", "busy")));

        assertThat(second).isInstanceOf(Transition.Upsert.class);
        assertThat(rowVersion(prefix)).isNotEqualTo(written);
        assertThat(store.get(KEY).orElseThrow().state()).isEqualTo(Map.of("status", "busy"));
    }

    @Test
    @Timeout(20)
    void heartbeatsEveryThirdOfTheTtl_neverFindTheSessionExpiredAndWriteAboutEveryOther() throws Exception {
        String prefix = freshPrefix();
        JooqPresenceStore store = store(prefix);
        Duration ttl = Duration.ofMillis(900);
        PresenceRules rules = rules(ttl);
        Set<String> versions = new HashSet<>();
        int heartbeats = 12;
        Instant next = store.now();
        for (int i = 0; i < heartbeats; i++) {
            while (store.now().isBefore(next)) {
                Thread.onSpinWait();
            }
            Instant sent = store.now();
            Transition done = heartbeat(store, rules, Heartbeat.renew());
            Session stored = store.get(KEY).orElseThrow();

            assertThat(done.stored()).contains(stored);
            assertThat(stored.expiresAt()).isAfterOrEqualTo(sent.plus(ttl.dividedBy(2)));
            assertThat(stored.joinedAt()).isEqualTo(store.get(KEY).orElseThrow().joinedAt());
            versions.add(rowVersion(prefix));
            next = sent.plus(ttl.dividedBy(3));
        }

        assertThat(versions).hasSizeBetween(heartbeats / 3, heartbeats * 2 / 3 + 1);
    }

    @Test
    void expiredSession_isRenewedAsANewSessionAndWritten() throws Exception {
        String prefix = freshPrefix();
        JooqPresenceStore store = store(prefix);
        Instant now = store.now();
        Session stale = new Session(KEY, Map.of("name", "Ada"), dev.syncpack.presence.core.Activity.ACTIVE,
                now.minusSeconds(60), now.minusSeconds(60), now.minusSeconds(60), now.minusSeconds(30));
        store.compute(KEY, (current, storeNow) -> new Transition.Upsert(current, stale));

        Transition renewed = heartbeat(store, rules(Duration.ofSeconds(30)), Heartbeat.renew());

        assertThat(renewed).isInstanceOf(Transition.Upsert.class);
        assertThat(store.get(KEY).orElseThrow().joinedAt()).isAfter(stale.joinedAt());
    }

    @Test
    void builder_prefixTooLongForPostgres_isRejectedNamingTheLimit() {
        assertThatThrownBy(() -> JooqPresenceStore.builder(pool).prefix("p".repeat(50)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PostgreSQL keeps at most 63")
                .hasMessageContaining("shorter prefix");
    }

    @Test
    void builder_prefixWithSpaces_isRejected() {
        assertThatThrownBy(() -> JooqPresenceStore.builder(pool).prefix("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix must be up to 64 letters");
    }

    @Test
    void schemaScript_isThePsqlScriptMigrateRuns() {
        assertThat(JooqPresenceStore.schemaScript())
                .contains("psql -v schema=public -v table=presence")
                .contains("CREATE TABLE IF NOT EXISTS :\"schema\".:\"table\"")
                .contains("ON :\"schema\".:\"table\" (expires_at)");
    }
}
