package dev.syncpack.engine.quartz;

import dev.syncpack.spi.SyncEngine;
import java.util.Optional;
import org.quartz.Scheduler;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;

/**
 * Where a node's {@link RunScheduleJob}s find their engine: the scheduler's in-memory
 * {@link SchedulerContext}, under a key made from the job group. The key is the same on every node
 * and never enters the persisted job data, so each node of a cluster resolves it to its own engine.
 */
final class EngineBindings {

    private static final String KEY_PREFIX = "dev.syncpack.engine.quartz.engine:";

    private EngineBindings() {
    }

    /**
     * @throws IllegalStateException when an engine is already bound to {@code jobGroup}
     * @throws SchedulerException when the scheduler context cannot be read
     */
    static void bind(Scheduler scheduler, String jobGroup, SyncEngine engine) throws SchedulerException {
        SchedulerContext context = scheduler.getContext();
        synchronized (context) {
            if (context.containsKey(key(jobGroup))) {
                throw new IllegalStateException("Quartz scheduler \"" + scheduler.getSchedulerName()
                        + "\" already fires another engine's schedules in job group \"" + jobGroup
                        + "\"; give each engine its own jobGroup or close the other trigger first");
            }
            context.put(key(jobGroup), engine);
        }
    }

    /** @throws SchedulerException when the scheduler context cannot be read */
    static void unbind(Scheduler scheduler, String jobGroup) throws SchedulerException {
        SchedulerContext context = scheduler.getContext();
        synchronized (context) {
            context.remove(key(jobGroup));
        }
    }

    /**
     * @return the engine bound to {@code jobGroup}, or empty when none is (detached, or never
     *     attached on this node)
     * @throws SchedulerException when the scheduler context cannot be read
     */
    static Optional<SyncEngine> lookup(Scheduler scheduler, String jobGroup) throws SchedulerException {
        SchedulerContext context = scheduler.getContext();
        synchronized (context) {
            return context.get(key(jobGroup)) instanceof SyncEngine engine ? Optional.of(engine) : Optional.empty();
        }
    }

    private static String key(String jobGroup) {
        return KEY_PREFIX + jobGroup;
    }
}
