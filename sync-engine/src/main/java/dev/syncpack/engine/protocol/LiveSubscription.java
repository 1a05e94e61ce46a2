package dev.syncpack.engine.protocol;

import dev.syncpack.engine.protocol.ServerFrame.ErrorFrame;
import dev.syncpack.engine.protocol.ServerFrame.SnapshotFrame;
import dev.syncpack.spi.collection.Subscription;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import dev.syncpack.spi.error.ErrorCode;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription of a connection: turns the engine's events into frames tagged with the client's
 * id, until it is stopped.
 */
final class LiveSubscription implements SubscriptionListener {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSubscription.class);

    private final String id;
    private final boolean patches;
    private final Outbox outbox;
    private final String connectionId;
    /** Set by the connection once the engine returned it, under the connection's inbound lock. */
    private Subscription subscription;
    /** Guarded by the outbox lock. */
    private boolean open = true;

    LiveSubscription(String id, boolean patches, Outbox outbox, String connectionId) {
        this.id = id;
        this.patches = patches;
        this.outbox = outbox;
        this.connectionId = connectionId;
    }

    void attach(Subscription engineSubscription) {
        this.subscription = engineSubscription;
    }

    @Override
    public void onEvent(SubscriptionEvent event) {
        String type = switch (event) {
            case SubscriptionEvent.Snapshot snapshot -> "snapshot";
            case SubscriptionEvent.Diff diff -> "diff";
        };
        String text;
        try {
            text = switch (event) {
                case SubscriptionEvent.Snapshot snapshot ->
                        FrameWriter.write(new SnapshotFrame(id, snapshot.version(), snapshot.rows()));
                case SubscriptionEvent.Diff diff -> FrameWriter.diff(id, diff, patches);
            };
        } catch (UncheckedIOException e) {
            LOG.error("subscription {} of connection {} stopped: a {} could not be written as JSON",
                    id, connectionId, type, e);
            fail();
            return;
        }
        outbox.send(type, text, () -> open);
    }

    /** Sends nothing more; a frame being sent completes first. */
    void stop() {
        outbox.whileLocked(() -> open = false);
    }

    /** Stops, then closes the engine's subscription; a failure to close is logged. */
    void close() {
        stop();
        try {
            subscription.close();
        } catch (RuntimeException e) {
            LOG.warn("closing subscription {} of connection {} failed", id, connectionId, e);
        }
    }

    /** Tells the client this subscription sends nothing more, since a change could not be written. */
    private void fail() {
        String text = FrameWriter.write(new ErrorFrame(new Correlation.Subscription(id), ErrorCode.INTERNAL,
                "subscription \"" + id + "\" stopped: the server could not write a change as JSON (the server "
                        + "logged why); unsubscribe and subscribe again"));
        outbox.whileLocked(() -> {
            outbox.send("error", text, () -> open);
            open = false;
        });
    }
}
