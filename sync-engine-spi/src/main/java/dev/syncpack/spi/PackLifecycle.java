package dev.syncpack.spi;

import dev.syncpack.spi.table.RowChange;
import java.util.List;

/** Hooks a pack may implement to take part in the engine's life. Every method defaults to nothing. */
public interface PackLifecycle {

    /** A lifecycle that does nothing. */
    PackLifecycle NONE = new PackLifecycle() {
    };

    /**
     * Called once, after the pack was registered.
     *
     * @param runtime the engine services for this pack
     */
    default void onRegistered(PackRuntime runtime) {
    }

    /** Called once, after the pack was unregistered or the engine closed; release timers here. */
    default void onUnregistered() {
    }

    /**
     * Called when a batch another node committed arrives, with that batch's changes to this pack's
     * tables, before the engine delivers the batch to this node's subscribers; lets a pack watch what
     * other nodes write (e.g. to expire their sessions should they crash) and drop what it remembers
     * of those rows before any subscriber here is shown the change. Runs on the cluster bus's thread;
     * must not block for long.
     *
     * @param changes the changes to tables this pack owns, in commit order
     */
    default void onPeerChanges(List<RowChange> changes) {
    }

    /**
     * Called when a client connection closed, after its subscriptions were torn down.
     *
     * @param ctx the context that connection used
     */
    default void onConnectionClosed(SyncContext ctx) {
    }
}
