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
     * @param version the engine version after the change
     * @param added rows that entered
     * @param changed rows that stayed but hold new values
     * @param removed rows that left
     */
    record Diff(long version, List<Map<String, Object>> added, List<Map<String, Object>> changed,
                List<Map<String, Object>> removed) implements SubscriptionEvent {
        /** Copies the lists. */
        public Diff {
            added = List.copyOf(added);
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
        }

        /** @return true when the diff carries no row */
        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }
    }
}
