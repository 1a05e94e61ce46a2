/**
 * Where presence sessions live: the {@link dev.syncpack.presence.store.PresenceStore} contract and
 * the default {@link dev.syncpack.presence.store.InMemoryPresenceStore}. Other stores (PostgreSQL)
 * implement the same contract and run the contract suite from this module's test-jar.
 */
package dev.syncpack.presence.store;
