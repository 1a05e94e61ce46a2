package dev.syncpack.engine;

import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live subscription: its listener and the view it reads. The view is guarded by the commit
 * lock; {@link #deliver} runs under it too, or, when the engine coalesces, on the thread handing
 * over queued events.
 */
final class SubscriptionHandle implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionHandle.class);

    private final String collection;
    private final SubscriptionListener listener;
    private final Consumer<SubscriptionHandle> closer;
    private View view;
    private volatile boolean closed;

    SubscriptionHandle(String collection, SubscriptionListener listener, Consumer<SubscriptionHandle> closer) {
        this.collection = collection;
        this.listener = listener;
        this.closer = closer;
    }

    @Override
    public String collection() {
        return collection;
    }

    View view() {
        return view;
    }

    void attach(View view) {
        this.view = view;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /**
     * Hands an event to the listener; a listener that throws is closed, so one broken subscriber
     * never stops the fan-out to the others.
     */
    void deliver(SubscriptionEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("Closing a subscription to collection \"{}\": its listener threw", collection, e);
            closer.accept(this);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closer.accept(this);
        }
    }
}
