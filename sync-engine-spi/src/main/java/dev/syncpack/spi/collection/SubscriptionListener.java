package dev.syncpack.spi.collection;

/**
 * Receives a subscription's events, one at a time and in order. Called on the committing thread
 * (or, when the engine coalesces diffs, the thread that flushes them) while the engine holds its
 * commit order, so it must not block: hand the event to a queue.
 */
@FunctionalInterface
public interface SubscriptionListener {

    /**
     * @param event the next event
     */
    void onEvent(SubscriptionEvent event);
}
