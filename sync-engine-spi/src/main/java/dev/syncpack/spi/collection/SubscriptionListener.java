package dev.syncpack.spi.collection;

/**
 * Receives a subscription's events, one at a time and in order. Called on the committing thread
 * while the engine holds its commit order (or, when the engine coalesces diffs, on the thread
 * handing over its queued events, one at a time), so it must not block: hand the event to a queue.
 */
@FunctionalInterface
public interface SubscriptionListener {

    /**
     * @param event the next event
     */
    void onEvent(SubscriptionEvent event);
}
