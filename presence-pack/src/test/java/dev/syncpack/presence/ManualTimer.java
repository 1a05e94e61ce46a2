package dev.syncpack.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link PresenceTimer} that runs due tasks only when a test calls {@link #runDue}. Public, with
 * {@link #drive}, so tests outside this package (the test-jar's model check) can move presence time.
 */
public final class ManualTimer implements PresenceTimer {

    private static final class Task implements Scheduled {
        final Instant at;
        final Runnable body;
        final long order;
        volatile boolean cancelled;

        Task(Instant at, Runnable body, long order) {
            this.at = at;
            this.body = body;
            this.order = order;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long scheduled;
    private boolean closed;

    @Override
    public synchronized Scheduled schedule(Instant at, Runnable task) {
        Task created = new Task(at, task, scheduled++);
        if (!closed) {
            tasks.add(created);
        }
        return created;
    }

    /**
     * Makes every registration of the pack {@code builder} builds push expiry with this timer.
     *
     * @param builder a presence pack builder
     * @return {@code builder}
     */
    public PresencePack.Builder drive(PresencePack.Builder builder) {
        return builder.timers(() -> this);
    }

    /** Runs, in time order, every task due at or before {@code now}, including ones they schedule. */
    public void runDue(Instant now) {
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(task -> task.cancelled);
                next = tasks.stream().filter(task -> !task.at.isAfter(now))
                        .min(Comparator.comparing((Task task) -> task.at).thenComparingLong(task -> task.order))
                        .orElse(null);
                if (next == null) {
                    return;
                }
                tasks.remove(next);
            }
            next.body.run();
        }
    }

    /** @return how many tasks wait, not counting cancelled ones */
    public synchronized int pending() {
        return (int) tasks.stream().filter(task -> !task.cancelled).count();
    }

    @Override
    public synchronized void close() {
        closed = true;
        tasks.clear();
    }
}
