/**
 * Presence on PostgreSQL: sessions that survive restarts and span several nodes.
 *
 * <p>Setting up a node, each step idempotent and safe on several nodes at once:
 * <ol>
 *   <li>{@link dev.syncpack.presence.jooq.JooqPresenceStore#migrate()} creates the presence table
 *       ({@link dev.syncpack.presence.jooq.JooqPresenceStore#schemaScript()} is the same DDL for
 *       teams that run their own migrations).
 *   <li>{@link dev.syncpack.presence.jooq.PostgresClusterBus#migrate()} creates the bus's batch log.
 *   <li>{@link dev.syncpack.presence.jooq.PostgresQuartz#createQuartzTables} creates Quartz's
 *       tables from the Quartz jar's own PostgreSQL script.
 * </ol>
 * Then per node: a HikariCP pool, a {@code JooqPresenceStore} for the presence pack, a
 * {@code PostgresClusterBus} for the engine, and a scheduler from
 * {@link dev.syncpack.presence.jooq.PostgresQuartz#builder} for the engine's
 * {@code QuartzScheduleTrigger}, so each cleanup tick runs on one node.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(config);        // e.g. connectionTimeout 2 s
 * JooqPresenceStore store = JooqPresenceStore.builder(pool).prefix("docs_").build();
 * store.migrate();
 * PGSimpleDataSource listener = new PGSimpleDataSource();
 * listener.setURL(jdbcUrl);
 * PostgresClusterBus bus = PostgresClusterBus.builder(pool, listener).build();
 * bus.migrate();
 * PostgresQuartz.createQuartzTables(pool, "qrtz_");
 *
 * SyncEngine engine = InProcessSyncEngine.builder().clusterBus(bus).build();
 * engine.registerPack(PresencePack.builder().actorId(ctx -> ctx.stringAttribute("userId"))
 *         .prefix("docs_").store(store).build());
 * Scheduler scheduler = PostgresQuartz.builder(jdbcUrl).build();
 * QuartzScheduleTrigger trigger = QuartzScheduleTrigger.attach(engine, scheduler);
 * scheduler.start();
 * }</pre>
 *
 * <p>A node that stops without its clients leaving leaves its sessions in the table; the cleanup
 * schedule, run by whichever node Quartz picks, removes them after their TTL and every node's
 * subscribers see the removal. How soon depends on the cleanup cron: with {@code * * * * * ?} it
 * is within TTL + 1 s, with the default {@code 0/15 * * * * ?} within TTL + 15 s.
 *
 * <p>Every database failure reaches callers as {@code UNAVAILABLE} naming the cause; the pool
 * reconnects by itself once the database is back, and the bus queues what it could not send.
 */
package dev.syncpack.presence.jooq;
