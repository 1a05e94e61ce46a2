package dev.syncpack.engine.quartz;

import dev.syncpack.spi.ScheduleTrigger;
import dev.syncpack.spi.SyncEngine;
import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.error.UnavailableException;
import dev.syncpack.spi.schedule.ScheduleDefinition;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires every schedule of a {@link SyncEngine}, including those of packs registered later, on a
 * Quartz {@link Scheduler} the host owns.
 *
 * <pre>{@code
 * Scheduler scheduler = QuartzSchedulers.ramScheduler("syncpack", 2);
 * QuartzScheduleTrigger trigger = QuartzScheduleTrigger.attach(engine, scheduler);
 * scheduler.start();
 * ...
 * trigger.close();              // before engine.close()
 * scheduler.shutdown(true);
 * engine.close();
 * }</pre>
 *
 * <p><b>Jobs.</b> Each schedule is one Quartz job, keyed by the schedule name in the job group
 * (default {@value #DEFAULT_JOB_GROUP}), with one cron trigger of the same key. The job calls
 * {@link SyncEngine#runSchedule(String)}, which applies the schedule's retry policy and records the
 * run for {@link SyncEngine#inspect()}; a failure is logged and the next tick runs it again.
 *
 * <p><b>No overlap.</b> Runs of one schedule never overlap ({@link RunScheduleJob} disallows
 * concurrent execution). Ticks that come due while a run is still going are coalesced: exactly one
 * run follows as soon as the slow one ends, then the cron resumes. That is the right call for a
 * cleanup-style job: a sweep removes everything expired when it starts, so replaying each missed
 * tick would only repeat work, while skipping them all would leave what expired during the slow run
 * for a whole extra period. Quartz misfires (ticks late by more than the job store's
 * {@code misfireThreshold}) get the same treatment through
 * {@link CronScheduleBuilder#withMisfireHandlingInstructionFireAndProceed()}.
 *
 * <p><b>Clustering.</b> The engine never enters the persisted job data: the job data holds only the
 * schedule name, and each node finds its own engine in its scheduler's {@link org.quartz.SchedulerContext}
 * under a key derived from the job group. Job keys depend only on the group and the schedule name,
 * so N nodes on one clustered JDBC job store share one job per schedule. When a job already exists,
 * {@link #scheduleAdded} replaces its trigger only if the cron changed, so a node that joins does
 * not reset the others' schedule. {@link #scheduleRemoved} deletes the job for every node.
 *
 * <p><b>Lifecycle.</b> The host owns the scheduler: this trigger never starts, pauses or shuts it
 * down. Only one engine may be attached per job group and scheduler. Close the trigger before the
 * engine, so the engine's shutdown does not delete jobs the cluster still needs.
 */
public final class QuartzScheduleTrigger implements ScheduleTrigger, AutoCloseable {

    /** The job group used when none is configured. */
    public static final String DEFAULT_JOB_GROUP = "syncpack";

    private static final Logger LOG = LoggerFactory.getLogger(QuartzScheduleTrigger.class);

    private final Scheduler scheduler;
    private final String jobGroup;
    private volatile boolean closed;

    private QuartzScheduleTrigger(Scheduler scheduler, String jobGroup) {
        this.scheduler = scheduler;
        this.jobGroup = jobGroup;
    }

    /**
     * Attaches a trigger with the {@value #DEFAULT_JOB_GROUP} job group; same as
     * {@code builder(engine, scheduler).attach()}.
     *
     * @param engine the engine whose schedules to fire
     * @param scheduler the host's scheduler, started or not
     * @return the attached trigger
     * @throws IllegalStateException as {@link Builder#attach()}
     */
    public static QuartzScheduleTrigger attach(SyncEngine engine, Scheduler scheduler) {
        return builder(engine, scheduler).attach();
    }

    /**
     * @param engine the engine whose schedules to fire
     * @param scheduler the host's scheduler, started or not
     * @return a builder for the remaining options
     */
    public static Builder builder(SyncEngine engine, Scheduler scheduler) {
        return new Builder(engine, scheduler);
    }

    /**
     * Creates the schedule's job and cron trigger, or, when the job already exists (another node
     * of a cluster made it), replaces its trigger only if the cron changed. Does nothing after
     * {@link #close()}.
     *
     * @param schedule the schedule
     * @throws InvalidArgumentException when Quartz rejects the cron
     * @throws UnavailableException when the job store fails
     */
    @Override
    public synchronized void scheduleAdded(ScheduleDefinition schedule) {
        if (closed) {
            return;
        }
        CronTrigger wanted = cronTrigger(schedule);
        try {
            Trigger existing = scheduler.getTrigger(wanted.getKey());
            if (existing instanceof CronTrigger current
                    && current.getCronExpression().equals(wanted.getCronExpression())
                    && current.getJobKey().equals(wanted.getJobKey())) {
                LOG.debug("Schedule \"{}\" already has a trigger with cron \"{}\"; kept", schedule.name(),
                        wanted.getCronExpression());
                return;
            }
            scheduler.scheduleJob(job(schedule.name()), Set.of(wanted), true);
        } catch (SchedulerException e) {
            throw unavailable("could not schedule \"" + schedule.name() + "\"", e);
        }
    }

    /**
     * Deletes the schedule's job and trigger; a run in progress finishes. Does nothing after
     * {@link #close()}, once the scheduler is shut down (nothing fires any more, and a persistent
     * store keeps the job for the cluster), or when there is no such job.
     *
     * @param name the schedule name
     * @throws UnavailableException when the job store fails
     */
    @Override
    public synchronized void scheduleRemoved(String name) {
        try {
            if (closed || scheduler.isShutdown()) {
                return;
            }
            scheduler.deleteJob(jobKey(name));
        } catch (SchedulerException e) {
            throw unavailable("could not remove schedule \"" + name + "\"", e);
        }
    }

    /**
     * @param name a schedule name
     * @return its trigger's next fire time; empty after {@link #close()}, once the scheduler is shut
     *     down, for an unknown schedule, or when the job store cannot be read (logged)
     */
    @Override
    public Optional<Instant> nextFire(String name) {
        try {
            if (closed || scheduler.isShutdown()) {
                return Optional.empty();
            }
            return Optional.ofNullable(scheduler.getTrigger(triggerKey(name)))
                    .map(Trigger::getNextFireTime)
                    .map(Date::toInstant);
        } catch (SchedulerException e) {
            LOG.warn("Could not read the next fire time of schedule \"{}\" in job group \"{}\"", name, jobGroup, e);
            return Optional.empty();
        }
    }

    /**
     * Detaches the engine: from now on its schedules no longer run through this trigger and the
     * engine's callbacks are ignored. The scheduler keeps running (the host owns it). Jobs stay in
     * a persistent (JDBC) job store, because the other nodes of the cluster keep firing them; a tick
     * this node's scheduler still picks up finds no engine and is skipped with a warning, so put
     * the scheduler in standby or shut it down too. In a non-persistent (RAM) job store nothing else
     * could run the jobs, so they are deleted (unless the scheduler is already shut down). Closing
     * twice does nothing.
     *
     * @throws UnavailableException when the job store fails while deleting RAM jobs
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            EngineBindings.unbind(scheduler, jobGroup);
            if (!scheduler.isShutdown() && !scheduler.getMetaData().isJobStoreSupportsPersistence()) {
                scheduler.deleteJobs(List.copyOf(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(jobGroup))));
            }
        } catch (SchedulerException e) {
            throw unavailable("could not detach job group \"" + jobGroup + "\"", e);
        }
    }

    private CronTrigger cronTrigger(ScheduleDefinition schedule) {
        CronScheduleBuilder cron;
        try {
            cron = CronScheduleBuilder.cronSchedule(schedule.cron());
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("Schedule \"" + schedule.name() + "\" has an invalid Quartz cron \""
                    + schedule.cron() + "\"; use six or seven fields with seconds first, e.g. \"0/15 * * * * ?\"", e);
        }
        return TriggerBuilder.newTrigger()
                .withIdentity(triggerKey(schedule.name()))
                .forJob(jobKey(schedule.name()))
                .withSchedule(cron.withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    private JobDetail job(String name) {
        return JobBuilder.newJob(RunScheduleJob.class)
                .withIdentity(jobKey(name))
                .withDescription("runs syncpack schedule \"" + name + "\"")
                .usingJobData(RunScheduleJob.SCHEDULE_NAME, name)
                .build();
    }

    private JobKey jobKey(String name) {
        return JobKey.jobKey(name, jobGroup);
    }

    private TriggerKey triggerKey(String name) {
        return TriggerKey.triggerKey(name, jobGroup);
    }

    private UnavailableException unavailable(String what, SchedulerException e) {
        return new UnavailableException("Quartz " + what + " in job group \"" + jobGroup + "\": " + e.getMessage()
                + "; check that the scheduler is not shut down and its job store is reachable", e);
    }

    /** Configures and attaches a {@link QuartzScheduleTrigger}. */
    public static final class Builder {
        private final SyncEngine engine;
        private final Scheduler scheduler;
        private String jobGroup;

        private Builder(SyncEngine engine, Scheduler scheduler) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        /**
         * Sets the Quartz group of the jobs and triggers. Every node of a cluster must use the same
         * group for one engine's schedules; two engines on one scheduler need different groups.
         *
         * @param jobGroup the group, default {@value QuartzScheduleTrigger#DEFAULT_JOB_GROUP}
         * @return this builder
         * @throws IllegalArgumentException when {@code jobGroup} is blank
         * @throws IllegalStateException when the group was already set
         */
        public Builder jobGroup(String jobGroup) {
            Objects.requireNonNull(jobGroup, "jobGroup");
            if (jobGroup.isBlank()) {
                throw new IllegalArgumentException("jobGroup must not be blank, was \"" + jobGroup + "\"");
            }
            if (this.jobGroup != null) {
                throw new IllegalStateException("jobGroup was already set to \"" + this.jobGroup + "\"");
            }
            this.jobGroup = jobGroup;
            return this;
        }

        /**
         * Binds the engine to the scheduler and attaches the trigger to the engine, which at once
         * schedules every registered schedule. Does not start the scheduler.
         *
         * @return the attached trigger
         * @throws IllegalStateException when the scheduler is shut down, another engine is attached
         *     to the same job group of this scheduler, or the engine already has a trigger
         * @throws UnavailableException when the scheduler or its job store fails
         */
        public QuartzScheduleTrigger attach() {
            QuartzScheduleTrigger trigger = new QuartzScheduleTrigger(scheduler,
                    jobGroup == null ? DEFAULT_JOB_GROUP : jobGroup);
            try {
                if (scheduler.isShutdown()) {
                    throw new IllegalStateException("Quartz scheduler \"" + scheduler.getSchedulerName()
                            + "\" is shut down; attach to a scheduler that is running or not yet started");
                }
                EngineBindings.bind(scheduler, trigger.jobGroup, engine);
            } catch (SchedulerException e) {
                throw trigger.unavailable("could not attach", e);
            }
            try {
                engine.attachScheduleTrigger(trigger);
            } catch (RuntimeException e) {
                try {
                    trigger.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return trigger;
        }
    }
}
