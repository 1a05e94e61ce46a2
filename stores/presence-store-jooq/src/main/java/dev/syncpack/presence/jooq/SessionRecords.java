package dev.syncpack.presence.jooq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/** Converts between {@link Session}s and rows of a {@link PresenceTable}; state travels as {@code jsonb}. */
final class SessionRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader OBJECT = JSON.readerFor(new TypeReference<Map<String, Object>>() {
    });

    /** The key's columns come first in a row: scope, channel, actor_id, session_id. */
    private static final int KEY_COLUMNS = 4;

    private SessionRecords() {
    }

    /**
     * @param record a record whose values from {@code offset} on are the table's columns in order
     * @param offset the index of the {@code scope} column
     * @return the session, or empty when the key columns are null (an outer join found no row)
     */
    static Optional<Session> session(Record record, int offset) {
        return session(new Columns() {
            @Override
            public String text(int index) {
                return record.get(offset + index, String.class);
            }

            @Override
            public String json(int index) {
                return record.get(offset + index, JSONB.class).data();
            }

            @Override
            public Instant instant(int index) {
                return record.get(offset + index, Instant.class);
            }
        });
    }

    /**
     * @param row a result set on a row whose columns from {@code first} (1-based) on are the table's
     *     columns in order
     * @param first the column number of the {@code scope} column
     * @return the session, or empty when the key columns are null (an outer join found no row)
     * @throws DataAccessException when the driver cannot read a column
     */
    static Optional<Session> session(ResultSet row, int first) {
        return session(columns(row, first));
    }

    /**
     * @param key the key the row is known to hold
     * @param row a result set on a row whose columns from {@code stateColumn} (1-based) on are the
     *     table's columns after the key, in order
     * @param stateColumn the column number of the {@code state} column
     * @return the session
     * @throws DataAccessException when the driver cannot read a column
     */
    static Session session(SessionKey key, ResultSet row, int stateColumn) {
        return session(key, columns(row, stateColumn - KEY_COLUMNS));
    }

    /**
     * @param row a result set on a row whose first four columns are the key's
     * @return the key
     * @throws SQLException when the driver cannot read a column
     */
    static SessionKey key(ResultSet row) throws SQLException {
        return new SessionKey(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
    }

    private static Columns columns(ResultSet row, int first) {
        return new Columns() {
            @Override
            public String text(int index) {
                try {
                    return row.getString(first + index);
                } catch (SQLException e) {
                    throw new DataAccessException("could not read a session row", e);
                }
            }

            @Override
            public String json(int index) {
                return text(index);
            }

            @Override
            public Instant instant(int index) {
                return SessionRecords.instant(row, first + index);
            }
        };
    }

    /**
     * @return the {@code timestamptz} in column {@code column} of {@code row}, or null
     * @throws DataAccessException when the driver cannot read it
     */
    static Instant instant(ResultSet row, int column) {
        try {
            OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        } catch (SQLException e) {
            throw new DataAccessException("could not read a time column", e);
        }
    }

    /** The columns of one row, the table's in order from index 0, whatever holds them. */
    private interface Columns {
        String text(int index);

        String json(int index);

        Instant instant(int index);
    }

    private static Optional<Session> session(Columns columns) {
        String scope = columns.text(0);
        if (scope == null) {
            return Optional.empty();
        }
        return Optional.of(session(new SessionKey(scope, columns.text(1), columns.text(2), columns.text(3)), columns));
    }

    private static Session session(SessionKey key, Columns columns) {
        return new Session(key, readObject(columns.json(4)), Activity.fromWireName(columns.text(5)),
                columns.instant(6), columns.instant(7), columns.instant(8), columns.instant(9));
    }

    static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> readObject(String json) {
        try {
            return OBJECT.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not an object: " + e.getOriginalMessage(), e);
        }
    }
}
