package dev.syncpack.spi.table;

import dev.syncpack.spi.SyncContext;
import java.util.Map;

/** A permission rule on one row. */
@FunctionalInterface
public interface RowRule {

    /**
     * @param ctx the caller
     * @param row the row: for reads the row emitted, for inserts the new row, for updates and
     *     deletes the stored row
     * @return true to allow
     */
    boolean allows(SyncContext ctx, Map<String, Object> row);
}
