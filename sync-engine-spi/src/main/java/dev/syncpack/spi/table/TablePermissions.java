package dev.syncpack.spi.table;

import java.util.Optional;

/**
 * Row-level rules for one table. A missing rule allows. {@code write} is the fallback for insert,
 * update and delete when their own rule is missing. Read rules filter every snapshot, diff and
 * catch-up; write rules apply to mutations only, never to trusted schedules.
 *
 * @param read who sees a row, or null for everyone
 * @param insert who may insert a row, or null to use {@code write}
 * @param update who may update a stored row, or null to use {@code write}
 * @param delete who may delete a stored row, or null to use {@code write}
 * @param write the fallback for the three write rules, or null to allow
 */
public record TablePermissions(RowRule read, RowRule insert, RowRule update, RowRule delete, RowRule write) {

    /** Permissions that allow everything. */
    public static final TablePermissions ALLOW_ALL = new TablePermissions(null, null, null, null, null);

    /**
     * @return a builder with no rules
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param op the write
     * @return the rule that decides it, after the {@code write} fallback; empty to allow
     */
    public Optional<RowRule> writeRule(ChangeOp op) {
        RowRule specific = switch (op) {
            case INSERT -> insert;
            case UPDATE -> update;
            case DELETE -> delete;
        };
        return Optional.ofNullable(specific != null ? specific : write);
    }

    /** @return the read rule, empty when everyone may read */
    public Optional<RowRule> readRule() {
        return Optional.ofNullable(read);
    }

    /** Builds {@link TablePermissions}. */
    public static final class Builder {
        private RowRule read;
        private RowRule insert;
        private RowRule update;
        private RowRule delete;
        private RowRule write;

        private Builder() {
        }

        /** @param rule who sees a row @return this */
        public Builder read(RowRule rule) {
            this.read = rule;
            return this;
        }

        /** @param rule who may insert @return this */
        public Builder insert(RowRule rule) {
            this.insert = rule;
            return this;
        }

        /** @param rule who may update the stored row @return this */
        public Builder update(RowRule rule) {
            this.update = rule;
            return this;
        }

        /** @param rule who may delete the stored row @return this */
        public Builder delete(RowRule rule) {
            this.delete = rule;
            return this;
        }

        /** @param rule fallback for insert, update and delete @return this */
        public Builder write(RowRule rule) {
            this.write = rule;
            return this;
        }

        /** @return the permissions */
        public TablePermissions build() {
            return new TablePermissions(read, insert, update, delete, write);
        }
    }
}
