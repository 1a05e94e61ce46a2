package dev.syncpack.spi.table;

import java.util.Map;
import java.util.Objects;

/**
 * One committed change to one row: the unit the engine logs, relays between nodes and turns into
 * diffs.
 *
 * @param table the table
 * @param op what happened
 * @param row the whole row after the change, or its last values for a delete
 */
public record RowChange(String table, ChangeOp op, Map<String, Object> row) {

    /** @throws NullPointerException when a component is null */
    public RowChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(row, "row");
    }

    /**
     * @param table the table
     * @param row the inserted row
     * @return an insert
     */
    public static RowChange insert(String table, Map<String, Object> row) {
        return new RowChange(table, ChangeOp.INSERT, row);
    }

    /**
     * @param table the table
     * @param row the row's new values
     * @return an update
     */
    public static RowChange update(String table, Map<String, Object> row) {
        return new RowChange(table, ChangeOp.UPDATE, row);
    }

    /**
     * @param table the table
     * @param row the row's last values
     * @return a delete
     */
    public static RowChange delete(String table, Map<String, Object> row) {
        return new RowChange(table, ChangeOp.DELETE, row);
    }
}
