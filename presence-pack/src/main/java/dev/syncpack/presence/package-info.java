/**
 * Live presence as a sync pack: {@link dev.syncpack.presence.PresencePack} builds it,
 * {@link dev.syncpack.presence.PresenceRows} describes the rows clients receive. Everything else in
 * this package is the imperative shell around the pure rules of {@code dev.syncpack.presence.core}.
 */
package dev.syncpack.presence;
