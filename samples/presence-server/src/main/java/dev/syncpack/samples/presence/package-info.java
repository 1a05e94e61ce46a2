/**
 * The sample presence server: {@link dev.syncpack.samples.presence.Main} reads the options
 * ({@link dev.syncpack.samples.presence.OptionsParser}) and starts a
 * {@link dev.syncpack.samples.presence.PresenceServer}, which registers the presence pack on the
 * reference engine and serves the page, {@code /sync/ws} (a thin Javalin adapter over
 * {@link dev.syncpack.engine.protocol.SyncConnection}), signed tokens, inspection and metrics.
 */
package dev.syncpack.samples.presence;
