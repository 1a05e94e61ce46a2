package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.table;

import dev.syncpack.presence.core.SessionKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Name;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The presence table of one store, as jOOQ names: every identifier goes through
 * {@link org.jooq.impl.DSL#name}, so a prefix or schema can never become SQL. Fields are qualified
 * with the table, which the right-hand side of {@code ON CONFLICT ... DO UPDATE} needs.
 */
final class PresenceTable {

    /** PostgreSQL cuts identifiers longer than this many bytes, so longer names are refused. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    final Name tableName;
    final Name expiresIndex;
    final Name actorIndex;
    final Optional<String> schema;
    final Table<?> table;
    final Field<String> scope;
    final Field<String> channel;
    final Field<String> actorId;
    final Field<String> sessionId;
    final Field<JSONB> state;
    final Field<String> activity;
    final Field<Instant> joinedAt;
    final Field<Instant> heartbeatAt;
    final Field<Instant> activeAt;
    final Field<Instant> expiresAt;
    final List<Field<?>> columns;
    final List<Field<String>> key;

    /**
     * @param schema the schema, or empty for the connection's search path
     * @param prefix prepended to every name
     * @throws IllegalArgumentException when a resulting name exceeds {@value #MAX_IDENTIFIER_BYTES} bytes
     */
    PresenceTable(Optional<String> schema, String prefix) {
        this.schema = schema;
        String base = prefix + "presence";
        this.tableName = checkedName(base, "table");
        this.expiresIndex = checkedName(base + "_expires", "expiry index");
        this.actorIndex = checkedName(base + "_actor", "actor index");
        this.table = table(schema.map(s -> name(s, base)).orElse(name(base)));
        this.scope = column("scope", SQLDataType.VARCHAR);
        this.channel = column("channel", SQLDataType.VARCHAR);
        this.actorId = column("actor_id", SQLDataType.VARCHAR);
        this.sessionId = column("session_id", SQLDataType.VARCHAR);
        this.state = column("state", SQLDataType.JSONB);
        this.activity = column("activity", SQLDataType.VARCHAR);
        this.joinedAt = column("joined_at", InstantBinding.INSTANT);
        this.heartbeatAt = column("heartbeat_at", InstantBinding.INSTANT);
        this.activeAt = column("active_at", InstantBinding.INSTANT);
        this.expiresAt = column("expires_at", InstantBinding.INSTANT);
        this.key = List.of(scope, channel, actorId, sessionId);
        this.columns = List.of(scope, channel, actorId, sessionId, state, activity, joinedAt, heartbeatAt, activeAt,
                expiresAt);
    }

    /** @return the condition selecting exactly {@code key}'s row */
    Condition is(SessionKey key) {
        return row(scope, channel, actorId, sessionId).eq(key.scope(), key.channel(), key.actorId(), key.sessionId());
    }

    private <T> Field<T> column(String column, org.jooq.DataType<T> type) {
        return field(table.getQualifiedName().append(column), type);
    }

    /**
     * @param identifier a name PostgreSQL will store
     * @param what what it names, for the message
     * @return the name
     * @throws IllegalArgumentException when it is longer than PostgreSQL keeps
     */
    static Name checkedName(String identifier, String what) {
        int bytes = identifier.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("the " + what + " name \"" + identifier + "\" is " + bytes
                    + " bytes; PostgreSQL keeps at most " + MAX_IDENTIFIER_BYTES + ", so use a shorter prefix");
        }
        return name(identifier);
    }
}
