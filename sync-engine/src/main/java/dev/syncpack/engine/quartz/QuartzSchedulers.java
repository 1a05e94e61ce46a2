package dev.syncpack.engine.quartz;

import java.util.Objects;
import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.simpl.RAMJobStore;

/**
 * Builds the in-memory Quartz scheduler a single-node host (or a test) gives a
 * {@link QuartzScheduleTrigger}. Multi-node hosts configure a clustered JDBC job store through
 * {@link StdSchedulerFactory} themselves.
 */
public final class QuartzSchedulers {

    private QuartzSchedulers() {
    }

    /**
     * Creates a scheduler with a RAM job store, not yet started; the caller starts and shuts it down.
     *
     * @param instanceName the scheduler name, unique in this JVM (Quartz registers schedulers by name)
     * @param threadCount worker threads, i.e. how many jobs can run at once
     * @return the new scheduler, in standby
     * @throws IllegalArgumentException when {@code instanceName} is blank or {@code threadCount < 1}
     * @throws IllegalStateException when a scheduler named {@code instanceName} already exists in
     *     this JVM and is not shut down
     * @throws SchedulerException when Quartz cannot create the scheduler
     */
    public static Scheduler ramScheduler(String instanceName, int threadCount) throws SchedulerException {
        Objects.requireNonNull(instanceName, "instanceName");
        if (instanceName.isBlank()) {
            throw new IllegalArgumentException("instanceName must not be blank, was \"" + instanceName + "\"");
        }
        if (threadCount < 1) {
            throw new IllegalArgumentException("threadCount must be at least 1, was " + threadCount);
        }
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, instanceName);
        properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, RAMJobStore.class.getName());
        properties.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_PREFIX + ".threadCount",
                Integer.toString(threadCount));
        SchedulerRepository repository = SchedulerRepository.getInstance();
        synchronized (repository) {
            Scheduler existing = repository.lookup(instanceName);
            if (existing != null && !existing.isShutdown()) {
                throw new IllegalStateException("a Quartz scheduler named \"" + instanceName
                        + "\" already exists in this JVM; give each scheduler its own instanceName");
            }
            return new StdSchedulerFactory(properties).getScheduler();
        }
    }
}
