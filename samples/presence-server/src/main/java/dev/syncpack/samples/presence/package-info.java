/**
 * The sample presence server: {@link dev.syncpack.samples.presence.Main} reads the options
 * ({@link dev.syncpack.samples.presence.OptionsParser}) and starts a
 * {@link dev.syncpack.samples.presence.PresenceServer}, which registers the presence pack on the
 * reference engine and serves the page, {@code /sync/ws} (a thin Javalin adapter over
 * {@link dev.syncpack.engine.protocol.SyncConnection}), signed tokens, inspection and metrics.
 * Presence lives in memory, or with {@code --jdbc-url} in PostgreSQL, where the servers on one
 * database and schema form a cluster (a shared store, a {@code LISTEN}/{@code NOTIFY} bus and
 * clustered Quartz).
 */
package dev.syncpack.samples.presence;
