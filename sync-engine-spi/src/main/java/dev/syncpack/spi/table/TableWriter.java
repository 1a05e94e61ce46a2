package dev.syncpack.spi.table;

import dev.syncpack.spi.SyncContext;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one table's rows. Each call is atomic on its own; implementations must be thread-safe.
 */
public interface TableWriter {

    /**
     * @param row the whole new row
     * @param ctx the caller
     * @return the row as stored
     * @throws dev.syncpack.spi.error.ConflictException when a row with the same key exists
     */
    Map<String, Object> insert(Map<String, Object> row, SyncContext ctx);

    /**
     * Overwrites the given fields of an existing row.
     *
     * @param fields the key fields and the fields to change
     * @param ctx the caller
     * @return the whole row as stored
     * @throws dev.syncpack.spi.error.NotFoundException when no row has that key
     */
    Map<String, Object> update(Map<String, Object> fields, SyncContext ctx);

    /**
     * Inserts the row or replaces the stored one.
     *
     * @param row the whole row
     * @param ctx the caller
     * @return whether it was inserted, and the row as stored
     */
    Upserted upsert(Map<String, Object> row, SyncContext ctx);

    /**
     * The outcome of {@link #upsert}.
     *
     * @param inserted true when no row with that key existed
     * @param row the row as stored
     */
    record Upserted(boolean inserted, Map<String, Object> row) {
    }

    /**
     * @param key the row's key
     * @param ctx the caller
     * @return the removed row, or empty when there was none
     */
    Optional<Map<String, Object>> delete(Object key, SyncContext ctx);
}
