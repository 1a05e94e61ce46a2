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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
 * <p>jOOQ renders the statement once; each read binds the keys as four array parameters through
 * JDBC and maps the rows straight from the result set. A row names its key by its position in the
 * arrays, so the key's columns are not sent back. Building, rendering and binding the query through
 * jOOQ for every batch, and materialising its records, was the largest share of a heartbeat's CPU
 * time on PostgreSQL.
 */
final class KeyedRead {

    private static final int CLOCK_COLUMN = 1;
    private static final int ORDINAL_COLUMN = 2;
    private static final int STATE_COLUMN = 3;
    /** How many bind parameters the rendered statement has: one array per key column. */
    private static final int KEY_ARRAYS = 4;
    private static final List<Function<SessionKey, String>> KEY_PARTS = List.of(SessionKey::scope,
            SessionKey::channel, SessionKey::actorId, SessionKey::sessionId);

    /** The stored sessions of some keys (absent keys have none) and the clock read with them. */
    record Snapshot(Map<SessionKey, Session> sessions, Instant now) {
        Optional<Session> of(SessionKey key) {
            return Optional.ofNullable(sessions.get(key));
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
        var statement = dsl.select(fields).from(selectOne().asTable("one")).leftJoin(session).on(trueCondition());
        if (statement.getBindValues().size() != KEY_ARRAYS) {
            throw new IllegalStateException("the keyed read renders " + statement.getBindValues().size()
                    + " parameters instead of one per key column");
        }
        this.sql = dsl.render(statement);
    }

    /**
     * @param connection the connection to read on; in a transaction when the read locks
     * @param keys distinct keys
     * @return the sessions stored under {@code keys} and the latest clock read, to the millisecond
     * @throws DataAccessException when the database fails
     */
    Snapshot read(Connection connection, List<SessionKey> keys) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int part = 0; part < KEY_ARRAYS; part++) {
                String[] values = new String[keys.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = KEY_PARTS.get(part).apply(keys.get(i));
                }
                statement.setArray(part + 1, connection.createArrayOf("varchar", values));
            }
            Map<SessionKey, Session> sessions = HashMap.newHashMap(keys.size());
            Instant now = Instant.MIN;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Instant clock = SessionRecords.instant(rows, CLOCK_COLUMN);
                    now = clock.isAfter(now) ? clock : now;
                    long ordinal = rows.getLong(ORDINAL_COLUMN);
                    if (!rows.wasNull()) {
                        SessionKey key = keys.get((int) ordinal - 1);
                        sessions.put(key, SessionRecords.session(key, rows, STATE_COLUMN));
                    }
                }
            }
            return new Snapshot(sessions, now.truncatedTo(ChronoUnit.MILLIS));
        } catch (SQLException e) {
            throw new DataAccessException("could not read sessions by key", e);
        }
    }
}
