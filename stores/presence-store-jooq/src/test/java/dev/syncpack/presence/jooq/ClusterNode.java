package dev.syncpack.presence.jooq;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.engine.quartz.QuartzScheduleTrigger;
import dev.syncpack.presence.PresencePack;
import dev.syncpack.spi.SyncPack;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * One node of a test cluster, as a host would wire it: its own pool, a {@link JooqPresenceStore},
 * a {@link PostgresClusterBus}, an engine with the presence pack, and optionally a clustered Quartz
 * scheduler firing the engine's schedules. {@link #stop()} stops it without leaving, like a crash
 * that lets the process end.
 */
final class ClusterNode implements AutoCloseable {

    /** The presence prefix every node uses. */
    static final String PREFIX = "mn_";

    final String name;
    final InProcessSyncEngine engine;
    final JooqPresenceStore store;
    private final PostgresClusterBus bus;
    private final Optional<Scheduler> scheduler;
    private final Optional<QuartzScheduleTrigger> trigger;
    private boolean stopped;

    private ClusterNode(String name, InProcessSyncEngine engine, JooqPresenceStore store, PostgresClusterBus bus,
                        Optional<Scheduler> scheduler, Optional<QuartzScheduleTrigger> trigger) {
        this.name = name;
        this.engine = engine;
        this.store = store;
        this.bus = bus;
        this.scheduler = scheduler;
        this.trigger = trigger;
    }

    /** Creates the tables every node shares; run once per schema. */
    static void migrate(TestDatabase db, DataSource pool) {
        JooqPresenceStore.builder(pool).schema(db.schema()).prefix(PREFIX).build().migrate();
        PostgresClusterBus bus = PostgresClusterBus.builder(pool, db.unpooled()).schema(db.schema()).build();
        bus.migrate();
        bus.close();
        PostgresQuartz.createQuartzTables(pool, "qrtz_");
    }

    /**
     * @param db the database
     * @param name the node's name
     * @param ttl the presence heartbeat TTL
     * @param cleanupCron the presence cleanup schedule's cron
     * @param schedulerName the Quartz cluster to join, or empty for no scheduler
     * @param extraPacks packs to register besides presence
     * @return a started node, listening on the bus
     */
    static ClusterNode start(TestDatabase db, String name, Duration ttl, String cleanupCron, Optional<String> schedulerName,
                             SyncPack... extraPacks) throws SchedulerException, InterruptedException {
        DataSource pool = db.pool("node-" + name);
        JooqPresenceStore store = JooqPresenceStore.builder(pool).schema(db.schema()).prefix(PREFIX).build();
        PostgresClusterBus bus = PostgresClusterBus.builder(pool, db.unpooled()).schema(db.schema())
                .nodeId(name + "-" + UUID.randomUUID().toString().substring(0, 8))
                .pollInterval(Duration.ofMillis(50)).build();
        if (!bus.awaitListening(Duration.ofSeconds(10))) {
            throw new IllegalStateException("node " + name + " could not listen on the bus");
        }
        InProcessSyncEngine engine = InProcessSyncEngine.builder().clusterBus(bus).build();
        engine.registerPack(PresencePack.builder()
                .actorId(ctx -> ctx.stringAttribute("userId"))
                .prefix(PREFIX)
                .store(store)
                .heartbeatTtl(ttl)
                .reconnectGrace(ttl.dividedBy(4))
                .maxStateBytes(32 * 1024)
                .cleanupCron(cleanupCron)
                .build());
        for (SyncPack pack : extraPacks) {
            engine.registerPack(pack);
        }
        Optional<Scheduler> scheduler = Optional.empty();
        Optional<QuartzScheduleTrigger> trigger = Optional.empty();
        if (schedulerName.isPresent()) {
            Scheduler clustered = PostgresQuartz.builder(db.jdbcUrl()).schedulerName(schedulerName.get())
                    .instanceId(name).checkinInterval(Duration.ofSeconds(1)).build();
            trigger = Optional.of(QuartzScheduleTrigger.attach(engine, clustered));
            clustered.start();
            scheduler = Optional.of(clustered);
        }
        return new ClusterNode(name, engine, store, bus, scheduler, trigger);
    }

    /** @return the node's scheduler; fails when it has none */
    Scheduler scheduler() {
        return scheduler.orElseThrow();
    }

    /** Stops the node without any presence leaving: the trigger, scheduler, engine, then the bus. */
    void stop() throws SchedulerException {
        if (stopped) {
            return;
        }
        stopped = true;
        trigger.ifPresent(QuartzScheduleTrigger::close);
        if (scheduler.isPresent()) {
            scheduler.get().shutdown(true);
        }
        engine.close();
        bus.close();
    }

    @Override
    public void close() throws SchedulerException {
        stop();
    }
}
