package dev.syncpack.engine;

import dev.syncpack.spi.table.RowChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bounded log of committed batches that resume ({@code since}) and inspection read. Holds the
 * newest batches whose changes add up to at most {@code capacity}; not thread-safe, guarded by the
 * engine's commit lock.
 */
final class ChangeLog {

    record Entry(long version, List<RowChange> changes) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private int changeCount;
    private long trimmedThrough;

    ChangeLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("changeLogSize must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    void append(long version, List<RowChange> changes) {
        entries.addLast(new Entry(version, changes));
        changeCount += changes.size();
        while (changeCount > capacity && entries.size() > 1) {
            Entry dropped = entries.removeFirst();
            changeCount -= dropped.changes().size();
            trimmedThrough = dropped.version();
        }
    }

    /**
     * @return true when every batch after {@code since} is still in the log
     */
    boolean covers(long since) {
        return since >= trimmedThrough;
    }

    List<Entry> after(long since) {
        List<Entry> newer = new ArrayList<>();
        Iterator<Entry> it = entries.descendingIterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            if (entry.version() <= since) {
                break;
            }
            newer.add(entry);
        }
        return newer.reversed();
    }

    List<Entry> newest(int count) {
        List<Entry> newest = new ArrayList<>();
        int changes = 0;
        Iterator<Entry> it = entries.descendingIterator();
        while (it.hasNext() && changes < count) {
            Entry entry = it.next();
            newest.add(entry);
            changes += entry.changes().size();
        }
        return newest.reversed();
    }
}
