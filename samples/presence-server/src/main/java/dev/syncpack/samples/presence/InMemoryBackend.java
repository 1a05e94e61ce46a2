package dev.syncpack.samples.presence;

import dev.syncpack.engine.quartz.QuartzSchedulers;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.cluster.ClusterBus;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * One process on its own: the in-memory store and a RAM Quartz scheduler, no bus; nothing outlives
 * the process.
 *
 * @param store the in-memory store
 * @param scheduler a RAM scheduler with one worker
 */
record InMemoryBackend(PresenceStore store, Scheduler scheduler) implements Backend {

    /** Quartz keeps schedulers by name per JVM, and tests run several servers in one. */
    private static final AtomicInteger SCHEDULER_NAMES = new AtomicInteger();

    /**
     * @param clock the store's clock
     * @return the backend, its scheduler in standby
     * @throws IllegalStateException when Quartz cannot create the scheduler
     */
    static InMemoryBackend open(InstantSource clock) {
        try {
            return new InMemoryBackend(new InMemoryPresenceStore(clock),
                    QuartzSchedulers.ramScheduler("presence-server-" + SCHEDULER_NAMES.incrementAndGet(), 1));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ClusterBus> bus() {
        return Optional.empty();
    }

    @Override
    public String description() {
        return "memory (this process only; nothing is kept after it stops)";
    }

    @Override
    public void close() {
        stopScheduler();
    }
}
