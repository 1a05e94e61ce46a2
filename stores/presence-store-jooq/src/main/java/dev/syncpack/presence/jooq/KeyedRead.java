package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.trueCondition;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;

/**
 * The sessions of many keys and the database clock in one statement: {@code SELECT
 * clock_timestamp(), s.* FROM (SELECT 1) LEFT JOIN LATERAL (SELECT k.ordinal, <presence's other
 * columns> FROM unnest(keys) WITH ORDINALITY k JOIN presence ON <key> [ORDER BY <key> FOR UPDATE]) s
 * ON true}. The outer query computes the clock for each row after the subquery has locked it, so
 * the latest clock of the result was read after every lock was granted; locking in key order keeps
 * concurrent batches from deadlocking each other.
 *
 * <p>Rendered once (see {@link RowArrays}); the rows are mapped straight from the JDBC result set,
 * each naming its key by its position in the arrays, so the key's columns are not sent back.
 * Building the query through jOOQ for every batch and materialising its records was the largest
 * share of a heartbeat's CPU time on PostgreSQL.
 */
final class KeyedRead {

    private static final int CLOCK_COLUMN = 1;
    private static final int ORDINAL_COLUMN = 2;
    private static final int STATE_COLUMN = 3;

    /**
     * The stored sessions of some keys, by the keys' positions in the list read (absent keys have
     * none), and the clock read with them.
     */
    static final class Snapshot {
        private final Session[] sessions;
        private final Instant now;

        private Snapshot(Session[] sessions, Instant now) {
            this.sessions = sessions;
            this.now = now;
        }

        /** @return the session stored under the key at {@code position} of the keys read, if any */
        Optional<Session> at(int position) {
            return Optional.ofNullable(sessions[position]);
        }

        /** @return the latest clock read, to the millisecond */
        Instant now() {
            return now;
        }
    }

    private final String sql;

    /**
     * @param lock whether the read locks the rows it finds, in key order ({@code FOR UPDATE})
     */
    KeyedRead(DSLContext dsl, PresenceTable table, RowArrays arrays, boolean lock) {
        Table<?> given = arrays.numberedKeys("k");
        List<Field<?>> found = new ArrayList<>();
        found.add(RowArrays.ordinal(given));
        table.columns.stream().filter(column -> !table.key.contains(column)).forEach(found::add);
        var rows = select(found).from(given).join(table.table).on(arrays.sameKey(given));
        Select<?> query = lock ? rows.orderBy(table.key).forUpdate() : rows;
        Table<?> session = lateral(query).as("s");
        List<Field<?>> fields = new ArrayList<>();
        fields.add(SessionCompute.CLOCK);
        for (Field<?> column : found) {
            fields.add(session.field(column.getUnqualifiedName()));
        }
        this.sql = RowArrays.render(dsl, dsl.select(fields).from(selectOne().asTable("one")).leftJoin(session)
                .on(trueCondition()), RowArrays.keyArrays());
    }

    /**
     * @param connection the connection to read on; in a transaction when the read locks
     * @param keys distinct keys
     * @return the sessions stored under {@code keys}, by position, and the latest clock read, to the
     *     millisecond
     * @throws DataAccessException when the database fails
     */
    Snapshot read(Connection connection, List<SessionKey> keys) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            RowArrays.bindKeys(connection, statement, keys);
            Session[] sessions = new Session[keys.size()];
            Instant now = Instant.MIN;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Instant clock = SessionRecords.instant(rows, CLOCK_COLUMN);
                    now = clock.isAfter(now) ? clock : now;
                    long ordinal = rows.getLong(ORDINAL_COLUMN);
                    if (!rows.wasNull()) {
                        int position = (int) ordinal - 1;
                        sessions[position] = SessionRecords.session(keys.get(position), rows, STATE_COLUMN);
                    }
                }
            }
            return new Snapshot(sessions, now.truncatedTo(ChronoUnit.MILLIS));
        } catch (SQLException e) {
            throw new DataAccessException("could not read sessions by key", e);
        }
    }
}
