package dev.syncpack.spi.collection;

import java.util.List;
import java.util.Map;

/**
 * What a subscription delivers: first a {@link Snapshot} (or, when resuming, a catch-up
 * {@link Diff}), then diffs in version order.
 */
public sealed interface SubscriptionEvent {

    /** @return the engine version this event brings the subscriber to */
    long version();

    /**
     * The whole current content; replaces whatever the subscriber held.
     *
     * @param version the engine version of the content
     * @param rows the rows
     */
    record Snapshot(long version, List<Map<String, Object>> rows) implements SubscriptionEvent {
        /** Copies {@code rows}. */
        public Snapshot {
            rows = List.copyOf(rows);
        }
    }

    /**
     * A change of content; never empty. Rows are whole rows; {@code removed} carries the last values
     * the subscriber was sent.
     *
     * <p>{@code patches}, when not empty, holds one patch per row of {@code changed}, at the same
     * index: the row's key fields and every field whose value differs from the row the subscriber
     * was last sent, so setting those fields on that row gives the new one. It is empty when the
     * diff cannot say that: a catch-up diff, a collection keyed by something other than a field, or
     * a changed row that lost a field.
     *
     * @param version the engine version after the change
     * @param added rows that entered
     * @param changed rows that stayed but hold new values
     * @param removed rows that left
     * @param patches the changed rows as patches, or empty
     */
    record Diff(long version, List<Map<String, Object>> added, List<Map<String, Object>> changed,
                List<Map<String, Object>> removed, List<Map<String, Object>> patches) implements SubscriptionEvent {
        /**
         * Copies the lists.
         *
         * @throws IllegalArgumentException when there are patches but not one per changed row
         */
        public Diff {
            added = List.copyOf(added);
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
            patches = List.copyOf(patches);
            if (!patches.isEmpty() && patches.size() != changed.size()) {
                throw new IllegalArgumentException(patches.size() + " patches for " + changed.size()
                        + " changed rows; give one per changed row or none");
            }
        }

        /**
         * A diff without patches.
         *
         * @param version the engine version after the change
         * @param added rows that entered
         * @param changed rows that stayed but hold new values
         * @param removed rows that left
         */
        public Diff(long version, List<Map<String, Object>> added, List<Map<String, Object>> changed,
                    List<Map<String, Object>> removed) {
            this(version, added, changed, removed, List.of());
        }

        /** @return true when the diff carries no row */
        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }
    }
}
