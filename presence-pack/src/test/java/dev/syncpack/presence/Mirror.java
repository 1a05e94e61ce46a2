package dev.syncpack.presence;

import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client holds for one subscription, built the way a client builds it (a snapshot
 * replaces, a diff applies), plus every event for assertions. Thread-safe.
 */
final class Mirror implements SubscriptionListener {

    private final Map<Object, Map<String, Object>> rows = new LinkedHashMap<>();
    private final List<SubscriptionEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(SubscriptionEvent event) {
        events.add(event);
        switch (event) {
            case SubscriptionEvent.Snapshot snapshot -> {
                rows.clear();
                snapshot.rows().forEach(row -> rows.put(row.get("id"), row));
            }
            case SubscriptionEvent.Diff diff -> {
                diff.removed().forEach(row -> rows.remove(row.get("id")));
                diff.added().forEach(row -> rows.put(row.get("id"), row));
                diff.changed().forEach(row -> rows.put(row.get("id"), row));
            }
        }
        notifyAll();
    }

    /** @return the rows held now */
    synchronized List<Map<String, Object>> rows() {
        return List.copyOf(rows.values());
    }

    /** @return the first event, which must be a snapshot */
    synchronized SubscriptionEvent.Snapshot snapshot() {
        return (SubscriptionEvent.Snapshot) events.getFirst();
    }

    /** @return every diff after the first event, in order */
    synchronized List<SubscriptionEvent.Diff> diffs() {
        return events.stream().skip(1).map(SubscriptionEvent.Diff.class::cast).toList();
    }

    /** @return the last diff received */
    synchronized SubscriptionEvent.Diff lastDiff() {
        return diffs().getLast();
    }

    /** @return the values of {@code field} across the held rows, sorted */
    synchronized List<Object> field(String field) {
        return rows.values().stream().map(row -> row.get(field)).map(Object.class::cast)
                .sorted(Comparator.comparing(String::valueOf)).toList();
    }
}
