package dev.syncpack.engine;

import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.NotFoundException;
import dev.syncpack.spi.error.UnauthorizedException;
import dev.syncpack.spi.mutation.MutationActions;
import dev.syncpack.spi.schema.Schema;
import dev.syncpack.spi.table.ChangeOp;
import dev.syncpack.spi.table.RowChange;
import dev.syncpack.spi.table.TablePermissions;
import dev.syncpack.spi.table.TableReader;
import dev.syncpack.spi.table.TableWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The actions of one handler attempt: checks each write against schema and (for mutations) write
 * rules, applies it through the table's writer and buffers the change for the batch.
 */
final class BatchActions implements MutationActions {

    private final Registry registry;
    private final SyncContext ctx;
    private final boolean enforceWriteRules;
    private final InstantSource clock;
    private final List<RowChange> buffer = new ArrayList<>();

    BatchActions(Registry registry, SyncContext ctx, boolean enforceWriteRules, InstantSource clock) {
        this.registry = registry;
        this.ctx = ctx;
        this.enforceWriteRules = enforceWriteRules;
        this.clock = clock;
    }

    List<RowChange> changes() {
        return buffer;
    }

    @Override
    public Map<String, Object> insert(String table, Map<String, Object> row) {
        validate(table, row);
        authorize(table, ChangeOp.INSERT, row);
        Map<String, Object> stored = writer(table).insert(row, ctx);
        buffer.add(RowChange.insert(table, stored));
        return stored;
    }

    @Override
    public Map<String, Object> update(String table, Map<String, Object> fields) {
        TableReader reader = reader(table);
        Map<String, Object> existing = reader.get(reader.key(fields)).orElseThrow(() -> new NotFoundException(
                "Cannot update a row of table \"" + table + "\" that does not exist"));
        schema(table).ifPresent(schema -> schema.value().validatePresent(schema.inputSubject(), fields));
        authorize(table, ChangeOp.UPDATE, existing);
        Map<String, Object> stored = writer(table).update(fields, ctx);
        buffer.add(RowChange.update(table, stored));
        return stored;
    }

    @Override
    public Map<String, Object> upsert(String table, Map<String, Object> row) {
        validate(table, row);
        TableReader reader = reader(table);
        Optional<Map<String, Object>> existing = reader.get(reader.key(row));
        authorize(table, existing.isPresent() ? ChangeOp.UPDATE : ChangeOp.INSERT, existing.orElse(row));
        TableWriter.Upserted upserted = writer(table).upsert(row, ctx);
        buffer.add(upserted.inserted() ? RowChange.insert(table, upserted.row()) : RowChange.update(table, upserted.row()));
        return upserted.row();
    }

    @Override
    public Optional<Map<String, Object>> delete(String table, Object key) {
        Optional<Map<String, Object>> existing = reader(table).get(key);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        authorize(table, ChangeOp.DELETE, existing.get());
        Optional<Map<String, Object>> removed = writer(table).delete(key, ctx);
        removed.ifPresent(row -> buffer.add(RowChange.delete(table, row)));
        return removed;
    }

    @Override
    public void emit(RowChange change) {
        if (!registry.writers().containsKey(change.table()) && !registry.tableOwners().containsKey(change.table())) {
            throw new NotFoundException("Cannot emit a change for table \"" + change.table()
                    + "\": no registered pack owns it");
        }
        validate(change.table(), change.row());
        buffer.add(change);
    }

    @Override
    public TableReader reader(String table) {
        Registry.Declared<TableReader> reader = registry.readers().get(table);
        if (reader == null) {
            throw new NotFoundException("No reader is registered for table \"" + table + "\"");
        }
        return reader.value();
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    private TableWriter writer(String table) {
        Registry.Declared<TableWriter> writer = registry.writers().get(table);
        if (writer == null) {
            throw new NotFoundException("No writer is registered for table \"" + table + "\"");
        }
        return writer.value();
    }

    private Optional<Registry.Declared<Schema>> schema(String table) {
        return Optional.ofNullable(registry.schemas().get(table));
    }

    private void validate(String table, Map<String, Object> row) {
        schema(table).ifPresent(schema -> schema.value().validate(schema.inputSubject(), row));
    }

    private void authorize(String table, ChangeOp op, Map<String, Object> row) {
        if (!enforceWriteRules) {
            return;
        }
        boolean allowed = permissions(registry, table)
                .flatMap(rules -> rules.writeRule(op))
                .map(rule -> rule.allows(ctx, row))
                .orElse(true);
        if (!allowed) {
            throw new UnauthorizedException("Not authorized to " + op.name().toLowerCase(java.util.Locale.ROOT)
                    + " a row of table \"" + table + "\"");
        }
    }

    static Optional<TablePermissions> permissions(Registry registry, String table) {
        return Optional.ofNullable(registry.permissions().get(table)).map(Registry.Declared::value);
    }
}
