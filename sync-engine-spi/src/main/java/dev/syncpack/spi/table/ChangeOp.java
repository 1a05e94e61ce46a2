package dev.syncpack.spi.table;

/** What happened to a row. */
public enum ChangeOp {
    /** The row did not exist before. */
    INSERT,
    /** The row existed and now holds new values. */
    UPDATE,
    /** The row was removed; the change carries its last values. */
    DELETE
}
