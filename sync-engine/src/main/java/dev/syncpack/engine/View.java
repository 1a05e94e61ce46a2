package dev.syncpack.engine;

import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.CollectionDefinition;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.table.ChangeOp;
import dev.syncpack.spi.table.RowChange;
import dev.syncpack.spi.table.RowRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rows one subscription (or every subscription of one partition) currently holds, and the
 * subscriptions that receive its diffs. Batches are taken in as they commit and flushed as one net
 * diff, at once or per tick when the engine coalesces. Guarded by the engine's commit lock.
 */
final class View {

    private final CollectionDefinition collection;
    private final Map<String, Object> params;
    private final SyncContext ctx;
    private final Function<String, Optional<RowRule>> readRules;
    private final Object partition;
    private final long createdAt;
    private final Map<Object, Map<String, Object>> rows = new LinkedHashMap<>();
    private final List<SubscriptionHandle> subscribers = new ArrayList<>();
    /**
     * The subscribers as a list that never changes, made again only after they change: every diff
     * goes to all of them, and copying a channel's ten thousand subscribers for each diff was most
     * of a busy channel's fan-out.
     */
    private List<SubscriptionHandle> sendingTo = List.of();
    /**
     * The rows as a list that never changes, made again only after they change: each new subscriber's
     * snapshot is this list, so ten thousand subscribers joining a ten-thousand-row channel share one
     * list instead of copying a hundred million row references.
     */
    private List<Map<String, Object>> rowsNow;
    /** Each key changed since the last flush, with its row as the subscribers last saw it (null: absent). */
    private final Map<Object, Map<String, Object>> unsent = new LinkedHashMap<>();
    /** The version of the last change taken in since the last flush. */
    private long unsentVersion;

    View(CollectionDefinition collection, Map<String, Object> params, SyncContext ctx,
         Function<String, Optional<RowRule>> readRules, Object partition, List<Map<String, Object>> hydrated,
         long createdAt) {
        this.collection = collection;
        this.params = params;
        this.ctx = ctx;
        this.readRules = readRules;
        this.partition = partition;
        this.createdAt = createdAt;
        for (Map<String, Object> row : hydrated) {
            if (readable(defaultTable(), row)) {
                rows.put(collection.key().apply(row), row);
            }
        }
    }

    /** @return the name of its collection */
    String collection() {
        return collection.name();
    }

    Object partition() {
        return partition;
    }

    /** @return the engine version when the view was built from its hydrate */
    long createdAt() {
        return createdAt;
    }

    /** @return its subscribers now, as a list that will not change; callers hold the commit lock */
    List<SubscriptionHandle> subscribers() {
        if (sendingTo == null) {
            sendingTo = List.copyOf(subscribers);
        }
        return sendingTo;
    }

    /** Adds a subscriber; callers hold the commit lock. */
    void subscribe(SubscriptionHandle handle) {
        subscribers.add(handle);
        sendingTo = null;
    }

    /** Removes a subscriber; callers hold the commit lock. */
    void unsubscribe(SubscriptionHandle handle) {
        subscribers.remove(handle);
        sendingTo = null;
    }

    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    boolean holds(Object key) {
        return rows.containsKey(key);
    }

    Map<String, Object> row(Object key) {
        return rows.get(key);
    }

    /** @return its rows now, as a list that will not change; callers hold the commit lock */
    List<Map<String, Object>> rows() {
        if (rowsNow == null) {
            rowsNow = List.copyOf(rows.values());
        }
        return rowsNow;
    }

    /**
     * Applies one committed batch and returns its net effect: a row added then removed within the
     * batch leaves no trace, added then changed stays an add.
     */
    SubscriptionEvent.Diff apply(long version, List<RowChange> changes) {
        takeIn(version, changes);
        return flush();
    }

    /**
     * Updates the rows with one committed batch and remembers, for each key it touches first since
     * the last {@link #flush}, the row the subscribers hold, so the flush can send the net change.
     */
    void takeIn(long version, List<RowChange> changes) {
        unsentVersion = version;
        if (collection.matcher().isEmpty()) {
            return;
        }
        rowsNow = null;
        for (RowChange change : changes) {
            Object key = collection.key().apply(change.row());
            if (!unsent.containsKey(key)) {
                unsent.put(key, rows.get(key));
            }
            if (change.op() != ChangeOp.DELETE && belongs(change.table(), change.row())) {
                rows.put(key, change.row());
            } else {
                rows.remove(key);
            }
        }
    }

    /**
     * Returns the net effect of everything taken in since the last flush, at the version of the last
     * batch taken in, and starts collecting anew: a row added then removed leaves no trace, added then
     * changed is an add, removed then added back is a change (or nothing when its values are back).
     * A re-hydrating view hydrates here.
     */
    SubscriptionEvent.Diff flush() {
        if (collection.matcher().isEmpty()) {
            return refetch(unsentVersion);
        }
        SubscriptionEvent.Diff diff = diff(unsentVersion, unsent);
        unsent.clear();
        return diff;
    }

    /** Hydrates anew; a hydrate that throws leaves the rows as they were. */
    private SubscriptionEvent.Diff refetch(long version) {
        List<Map<String, Object>> hydrated = collection.hydrate().hydrate(params, ctx);
        Map<Object, Map<String, Object>> before = new LinkedHashMap<>(rows);
        rows.clear();
        rowsNow = null;
        for (Map<String, Object> row : hydrated) {
            if (readable(defaultTable(), row)) {
                rows.put(collection.key().apply(row), row);
            }
        }
        Map<Object, Map<String, Object>> touched = new LinkedHashMap<>(before);
        rows.keySet().forEach(key -> touched.putIfAbsent(key, null));
        return diff(version, touched);
    }

    private SubscriptionEvent.Diff diff(long version, Map<Object, Map<String, Object>> before) {
        List<Map<String, Object>> added = new ArrayList<>();
        List<Map<String, Object>> changed = new ArrayList<>();
        List<Map<String, Object>> removed = new ArrayList<>();
        List<Map<String, Object>> patches = new ArrayList<>();
        boolean patchable = !collection.keyFields().isEmpty();
        for (Map.Entry<Object, Map<String, Object>> entry : before.entrySet()) {
            Map<String, Object> old = entry.getValue();
            Map<String, Object> now = rows.get(entry.getKey());
            if (old == null && now != null) {
                added.add(now);
            } else if (old != null && now == null) {
                removed.add(old);
            } else if (old != null && !old.equals(now)) {
                changed.add(now);
                patchable = patchable && now.keySet().containsAll(old.keySet());
                if (patchable) {
                    patches.add(patch(old, now));
                }
            }
        }
        return new SubscriptionEvent.Diff(version, added, changed, removed, patchable ? patches : List.of());
    }

    /** @return the key fields of {@code now} and its fields whose values differ from {@code old} */
    private Map<String, Object> patch(Map<String, Object> old, Map<String, Object> now) {
        Map<String, Object> patch = new LinkedHashMap<>();
        for (String field : collection.keyFields()) {
            patch.put(field, now.get(field));
        }
        now.forEach((field, value) -> {
            if (!Objects.equals(value, old.get(field)) || !old.containsKey(field)) {
                patch.put(field, value);
            }
        });
        return Collections.unmodifiableMap(patch);
    }

    boolean belongs(String table, Map<String, Object> row) {
        return collection.match().matches(row, params, ctx) && readable(table, row);
    }

    private boolean readable(String table, Map<String, Object> row) {
        return readRules.apply(table).map(rule -> rule.allows(ctx, row)).orElse(true);
    }

    private String defaultTable() {
        return collection.tables().getFirst();
    }
}
