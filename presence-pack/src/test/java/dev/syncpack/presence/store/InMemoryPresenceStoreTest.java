package dev.syncpack.presence.store;

import java.time.InstantSource;

/** Runs the store contract against the in-memory store. */
class InMemoryPresenceStoreTest extends PresenceStoreContract {

    @Override
    protected PresenceStore createStore() {
        return new InMemoryPresenceStore(InstantSource.system());
    }
}
