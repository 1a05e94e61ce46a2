package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Name;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The batch log of one {@link PostgresClusterBus}, as jOOQ names built with {@code name(...)} only. */
final class BusTable {

    final Optional<String> schema;
    final Name tableName;
    final Name createdIndex;
    final Table<?> table;
    final Field<Long> id;
    final Field<String> origin;
    final Field<JSONB> payload;
    final Field<Instant> createdAt;

    /**
     * @param schema the schema, or empty for the connection's search path
     * @param prefix prepended to every name
     * @throws IllegalArgumentException when a resulting name exceeds 63 bytes
     */
    BusTable(Optional<String> schema, String prefix) {
        this.schema = schema;
        String base = prefix + "bus_payloads";
        this.tableName = PresenceTable.checkedName(base, "bus table");
        this.createdIndex = PresenceTable.checkedName(base + "_created", "bus index");
        this.table = table(schema.map(s -> name(s, base)).orElse(name(base)));
        this.id = field(table.getQualifiedName().append("id"), SQLDataType.BIGINT);
        this.origin = field(table.getQualifiedName().append("origin"), SQLDataType.VARCHAR);
        this.payload = field(table.getQualifiedName().append("payload"), SQLDataType.JSONB);
        this.createdAt = field(table.getQualifiedName().append("created_at"), SQLDataType.INSTANT);
    }
}
