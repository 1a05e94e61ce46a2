package dev.syncpack.presence.jooq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jooq.JSONB;
import org.jooq.Record;

/** Converts between {@link Session}s and rows of a {@link PresenceTable}; state travels as {@code jsonb}. */
final class SessionRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader OBJECT = JSON.readerFor(new TypeReference<Map<String, Object>>() {
    });

    private final PresenceTable table;

    SessionRecords(PresenceTable table) {
        this.table = table;
    }

    /**
     * @param record a record whose values from {@code offset} on are the table's columns in order
     * @param offset the index of the {@code scope} column
     * @return the session, or empty when the key columns are null (an outer join found no row)
     */
    Optional<Session> session(Record record, int offset) {
        String scope = record.get(offset, String.class);
        if (scope == null) {
            return Optional.empty();
        }
        SessionKey key = new SessionKey(scope, record.get(offset + 1, String.class),
                record.get(offset + 2, String.class), record.get(offset + 3, String.class));
        return Optional.of(new Session(key, state(record.get(offset + 4, JSONB.class)),
                Activity.fromWireName(record.get(offset + 5, String.class)),
                record.get(offset + 6, Instant.class), record.get(offset + 7, Instant.class),
                record.get(offset + 8, Instant.class), record.get(offset + 9, Instant.class)));
    }

    /** @return the session's key as read from the first four values of {@code record} */
    static SessionKey key(Record record) {
        return new SessionKey(record.get(0, String.class), record.get(1, String.class), record.get(2, String.class),
                record.get(3, String.class));
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

    /** @return {@code state} as {@code jsonb} */
    static JSONB jsonb(Map<String, Object> state) {
        return JSONB.valueOf(writeJson(state));
    }

    private static Map<String, Object> state(JSONB stored) {
        return readObject(stored.data());
    }
}
