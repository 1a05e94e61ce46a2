package dev.syncpack.spi;

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
     * Called when a client connection closed, after its subscriptions were torn down.
     *
     * @param ctx the context that connection used
     */
    default void onConnectionClosed(SyncContext ctx) {
    }
}
