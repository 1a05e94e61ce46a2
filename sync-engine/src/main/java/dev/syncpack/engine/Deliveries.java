package dev.syncpack.engine;

import dev.syncpack.spi.collection.SubscriptionEvent;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands events to subscriptions in commit order. At once, on the thread holding the commit lock;
 * or, when the engine coalesces, queued under the commit lock and handed over by {@link #drain()}
 * after it is released, by one thread at a time in queue order. So a flush that writes to a
 * thousand sockets never holds up commits, and every subscription still gets its events in order.
 */
final class Deliveries {

    private record Delivery(List<SubscriptionHandle> to, SubscriptionEvent event) {
    }

    private final boolean queued;
    private final Queue<Delivery> outgoing = new ConcurrentLinkedQueue<>();
    private final ReentrantLock draining = new ReentrantLock();

    /** @param queued whether to queue events for {@link #drain()} instead of handing them over at once */
    Deliveries(boolean queued) {
        this.queued = queued;
    }

    /** Hands {@code event} to each of {@code to}, or queues it; call holding the commit lock. */
    void send(List<SubscriptionHandle> to, SubscriptionEvent event) {
        if (queued) {
            outgoing.add(new Delivery(List.copyOf(to), event));
        } else {
            List.copyOf(to).forEach(handle -> handle.deliver(event));
        }
    }

    /**
     * Hands over every queued event; call without the commit lock. Returns at once when another
     * thread is handing them over (it takes these too), or when called from a listener during a
     * hand-over (the outer pass goes on in order).
     */
    void drain() {
        if (draining.isHeldByCurrentThread()) {
            return;
        }
        while (!outgoing.isEmpty() && draining.tryLock()) {
            try {
                for (Delivery delivery = outgoing.poll(); delivery != null; delivery = outgoing.poll()) {
                    for (SubscriptionHandle handle : delivery.to()) {
                        handle.deliver(delivery.event());
                    }
                }
            } finally {
                draining.unlock();
            }
        }
    }
}
