package dev.syncpack.presence.reliability;

import dev.syncpack.spi.SyncEngine;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one subscriber holds, built the way a client builds it: a snapshot replaces, a diff
 * applies, and a resubscription resumes from the version held. It also notes every event that
 * breaks the diff contract (a version that does not grow, an added row already held, a changed or
 * removed row not held), except in the catch-up diff that opens a resumed subscription, which may
 * name rows the subscriber never held. Thread-safe.
 */
final class SubscriberMirror implements SubscriptionListener {

    private static final int RECENT_EVENTS = 12;

    private final Universe.Viewer viewer;
    private final Map<Object, Map<String, Object>> rows = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private Subscription subscription;
    private long version = -1;
    private boolean catchingUp;

    SubscriberMirror(Universe.Viewer viewer) {
        this.viewer = viewer;
    }

    Universe.Viewer viewer() {
        return viewer;
    }

    /** Subscribes anew, resuming from the version held when {@code resume} is set and one is held. */
    void subscribe(SyncEngine engine, boolean resume) {
        OptionalLong since = OptionalLong.empty();
        synchronized (this) {
            if (resume && version >= 0) {
                since = OptionalLong.of(version);
                catchingUp = true;
            }
        }
        Subscription opened = engine.subscribe(viewer.collection(), viewer.params(), viewer.context(), since, this);
        synchronized (this) {
            subscription = opened;
        }
    }

    /** Drops the subscription and subscribes again. */
    void resubscribe(SyncEngine engine, boolean resume) {
        Subscription current;
        synchronized (this) {
            current = subscription;
        }
        current.close();
        subscribe(engine, resume);
    }

    @Override
    public synchronized void onEvent(SubscriptionEvent event) {
        if (event.version() < version || event.version() == version && !(event instanceof SubscriptionEvent.Snapshot)
                && !catchingUp) {
            problems.add("version went from " + version + " to " + event.version());
        }
        version = event.version();
        remember(event);
        switch (event) {
            case SubscriptionEvent.Snapshot snapshot -> {
                rows.clear();
                snapshot.rows().forEach(row -> rows.put(row.get("id"), row));
            }
            case SubscriptionEvent.Diff diff -> apply(diff);
        }
        catchingUp = false;
    }

    private void apply(SubscriptionEvent.Diff diff) {
        if (diff.isEmpty() && !catchingUp) {
            problems.add("empty diff at version " + diff.version());
        }
        for (Map<String, Object> row : diff.removed()) {
            if (rows.remove(row.get("id")) == null && !catchingUp) {
                problems.add("diff " + diff.version() + " removed a row it never sent: " + row.get("id"));
            }
        }
        for (Map<String, Object> row : diff.added()) {
            if (rows.put(row.get("id"), row) != null && !catchingUp) {
                problems.add("diff " + diff.version() + " added a row already held: " + row.get("id"));
            }
        }
        for (Map<String, Object> row : diff.changed()) {
            if (rows.put(row.get("id"), row) == null && !catchingUp) {
                problems.add("diff " + diff.version() + " changed a row it never sent: " + row.get("id"));
            }
        }
    }

    private void remember(SubscriptionEvent event) {
        if (recent.size() == RECENT_EVENTS) {
            recent.removeFirst();
        }
        recent.addLast(switch (event) {
            case SubscriptionEvent.Snapshot snapshot -> "snapshot@" + snapshot.version() + ids(snapshot.rows());
            case SubscriptionEvent.Diff diff -> (catchingUp ? "catch-up@" : "diff@") + diff.version() + " +"
                    + ids(diff.added()) + " ~" + ids(diff.changed()) + " -" + ids(diff.removed());
        });
    }

    private static List<Object> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> row.get("id")).toList();
    }

    /** @return the last events received, oldest first, for a divergence report */
    synchronized List<String> recentEvents() {
        return List.copyOf(recent);
    }

    /** @return the rows held now, by id */
    synchronized Map<Object, Map<String, Object>> rows() {
        return Map.copyOf(rows);
    }

    /** @return the contract breaks seen so far */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    void close() {
        Subscription current;
        synchronized (this) {
            current = subscription;
        }
        if (current != null) {
            current.close();
        }
    }
}
