package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The expiry query reads the {@code expires_at} index, not the table, even with a million sessions. */
class ExpiryIndexTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final int ROWS = 1_000_000;

    @Test
    @Timeout(60)
    void expired_onAMillionSessions_scansTheExpiresAtIndex() throws SQLException {
        JooqPresenceStore store = JooqPresenceStore.builder(DB.pool("explain")).schema(DB.schema()).prefix("big_").build();
        store.migrate();
        try (Connection connection = DB.connect(); Statement sql = connection.createStatement()) {
            // Bulk load unlogged and without the secondary indexes, then let migrate() create them:
            // far faster, the planner sees the same table, and migrate() completes a partial schema.
            sql.execute("DROP INDEX big_presence_expires, big_presence_actor");
            sql.execute("ALTER TABLE big_presence SET UNLOGGED");
            sql.execute("INSERT INTO big_presence SELECT '', 'channel-' || (i % 1000), 'actor-' || i, 's', '{}'::jsonb,"
                    + " 'active', now(), now(), now(), now() - interval '10 minutes' + i * interval '1 millisecond'"
                    + " FROM generate_series(1, " + ROWS + ") AS i");
            store.migrate();
            sql.execute("ANALYZE big_presence");
        }
        Instant now = store.now();

        String plan = DSL.using(DB.pool("explain-plan"), SQLDialect.POSTGRES)
                .explain(store.expiredQuery(now, 256)).plan();

        assertThat(store.expired(now, 256)).hasSize(256);
        assertThat(plan).contains("Index Scan using big_presence_expires").doesNotContain("Seq Scan");
    }
}
