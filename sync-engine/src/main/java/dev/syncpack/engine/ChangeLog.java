package dev.syncpack.engine;

import dev.syncpack.spi.table.RowChange;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded log of committed batches that resume ({@code since}) and inspection read. Holds the
 * newest batches whose changes add up to at most {@code capacity}; not thread-safe, guarded by the
 * engine's commit lock.
 *
 * <p>Every commit trims the oldest batch, which has long left the CPU caches; so each batch's
 * version and size are also kept in arrays beside the batches, and trimming reads only those.
 */
final class ChangeLog {

    record Entry(long version, List<RowChange> changes) {
    }

    private static final int INITIAL_SLOTS = 16;

    private final int capacity;
    private Entry[] entries;
    private long[] versions;
    private int[] sizes;
    /** The slot of the oldest batch. */
    private int first;
    private int count;
    private int changeCount;
    private long trimmedThrough;

    ChangeLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("changeLogSize must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        int slots = Math.min(INITIAL_SLOTS, capacity + 1);
        this.entries = new Entry[slots];
        this.versions = new long[slots];
        this.sizes = new int[slots];
    }

    /**
     * @param version the batch's version, above every version appended before
     * @param changes the batch, at least one change
     */
    void append(long version, List<RowChange> changes) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("an empty batch is not logged");
        }
        if (count == entries.length) {
            grow();
        }
        int slot = slot(count);
        entries[slot] = new Entry(version, changes);
        versions[slot] = version;
        sizes[slot] = changes.size();
        count++;
        changeCount += changes.size();
        while (changeCount > capacity && count > 1) {
            changeCount -= sizes[first];
            trimmedThrough = versions[first];
            entries[first] = null;
            first = (first + 1) % entries.length;
            count--;
        }
    }

    /**
     * @return true when every batch after {@code since} is still in the log
     */
    boolean covers(long since) {
        return since >= trimmedThrough;
    }

    List<Entry> after(long since) {
        int newer = 0;
        while (newer < count && versions[slot(count - 1 - newer)] > since) {
            newer++;
        }
        return range(count - newer, count);
    }

    List<Entry> newest(int changes) {
        int taken = 0;
        int sum = 0;
        while (taken < count && sum < changes) {
            sum += sizes[slot(count - 1 - taken)];
            taken++;
        }
        return range(count - taken, count);
    }

    /** The batches from the {@code from}-th oldest up to, not including, the {@code to}-th. */
    private List<Entry> range(int from, int to) {
        List<Entry> found = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            found.add(entries[slot(i)]);
        }
        return found;
    }

    private int slot(int index) {
        return (first + index) % entries.length;
    }

    /** Each batch holds a change, so the log never needs more than {@code capacity + 1} slots. */
    private void grow() {
        int slots = Math.min(entries.length * 2, capacity + 1);
        Entry[] movedEntries = new Entry[slots];
        long[] movedVersions = new long[slots];
        int[] movedSizes = new int[slots];
        for (int i = 0; i < count; i++) {
            movedEntries[i] = entries[slot(i)];
            movedVersions[i] = versions[slot(i)];
            movedSizes[i] = sizes[slot(i)];
        }
        entries = movedEntries;
        versions = movedVersions;
        sizes = movedSizes;
        first = 0;
    }
}
