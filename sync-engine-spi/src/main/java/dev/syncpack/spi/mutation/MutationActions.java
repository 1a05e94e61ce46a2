package dev.syncpack.spi.mutation;

import dev.syncpack.spi.table.RowChange;
import dev.syncpack.spi.table.TableReader;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a mutation or schedule handler writes with. Every write is checked against the table's
 * schema and, for mutations, its write permission, applied through the table's writer and
 * buffered; the buffer commits as one batch with one version when the handler returns, and is
 * dropped when it throws.
 *
 * <p>Dropping the buffer does not undo writes a writer already made: a handler that can fail
 * after writing should do its checks first, or use a writer backed by a transaction it rolls
 * back. Subscribers never see the dropped changes, so their views and the store can differ until
 * the next change of those rows.
 */
public interface MutationActions {

    /**
     * @param table a table the pack owns or reads
     * @param row the whole new row
     * @return the row as stored
     * @throws dev.syncpack.spi.error.UnauthorizedException when the insert rule denies
     * @throws dev.syncpack.spi.error.InvalidArgumentException when the row breaks the schema
     */
    Map<String, Object> insert(String table, Map<String, Object> row);

    /**
     * @param table the table
     * @param fields the key fields and the fields to change
     * @return the whole row as stored
     * @throws dev.syncpack.spi.error.NotFoundException when the row does not exist
     * @throws dev.syncpack.spi.error.UnauthorizedException when the update rule denies the stored row
     */
    Map<String, Object> update(String table, Map<String, Object> fields);

    /**
     * @param table the table
     * @param row the whole row
     * @return the row as stored
     * @throws dev.syncpack.spi.error.UnauthorizedException when the insert or update rule denies
     */
    Map<String, Object> upsert(String table, Map<String, Object> row);

    /**
     * Deletes a row; deleting an absent row is not an error.
     *
     * @param table the table
     * @param key the row's key
     * @return the deleted row, or empty when there was none
     * @throws dev.syncpack.spi.error.UnauthorizedException when the delete rule denies the stored row
     */
    Optional<Map<String, Object>> delete(String table, Object key);

    /**
     * Records a change the handler already applied atomically through its own store, so it is
     * committed and fanned out with this batch. The row is checked against the schema; write rules
     * are the handler's own responsibility here.
     *
     * @param change the applied change
     */
    void emit(RowChange change);

    /**
     * @param table a table the pack owns or reads
     * @return its reader
     * @throws dev.syncpack.spi.error.NotFoundException when no reader is registered for it
     */
    TableReader reader(String table);

    /** @return the engine clock's current instant */
    Instant now();
}
