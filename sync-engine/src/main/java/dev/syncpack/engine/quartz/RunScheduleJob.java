package dev.syncpack.engine.quartz;

import dev.syncpack.spi.SyncEngine;
import java.util.Date;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job behind each schedule of a {@link QuartzScheduleTrigger}: runs one tick of one
 * schedule through the engine attached for its job group. Public only because Quartz instantiates
 * it by its class name (which a JDBC job store persists, so it must not change); hosts never use
 * it directly.
 *
 * <p>Runs of one job never overlap. A tick whose successor is already due when it fires (ticks that
 * queued up behind a slow run) is skipped, so a slow run is followed by exactly one catch-up run.
 * Nothing escapes {@link #execute}: a failed run is logged here, and the engine has already
 * recorded it for inspection.
 */
@DisallowConcurrentExecution
public final class RunScheduleJob implements Job {

    /** The job data key holding the schedule name, the only job data. */
    static final String SCHEDULE_NAME = "schedule";

    private static final Logger LOG = LoggerFactory.getLogger(RunScheduleJob.class);

    /** Called by Quartz. */
    public RunScheduleJob() {
    }

    /**
     * Runs the schedule once, unless the tick is superseded or no engine is attached on this node.
     *
     * @param context the firing
     */
    @Override
    public void execute(JobExecutionContext context) {
        String schedule = context.getJobDetail().getJobDataMap().getString(SCHEDULE_NAME);
        JobKey job = context.getJobDetail().getKey();
        if (isSuperseded(context.getFireTime(), context.getNextFireTime())) {
            LOG.debug("Skipped the {} tick of schedule \"{}\": a later tick is already due and runs instead",
                    context.getScheduledFireTime(), schedule);
            return;
        }
        Optional<SyncEngine> engine;
        try {
            engine = EngineBindings.lookup(context.getScheduler(), job.getGroup());
        } catch (SchedulerException e) {
            LOG.error("Skipped a tick of schedule \"{}\": the scheduler context could not be read", schedule, e);
            return;
        }
        if (engine.isEmpty()) {
            LOG.warn("Skipped a tick of schedule \"{}\": no engine is attached to job group \"{}\" on this node;"
                    + " attach a QuartzScheduleTrigger or put this scheduler in standby", schedule, job.getGroup());
            return;
        }
        try {
            engine.get().runSchedule(schedule);
        } catch (RuntimeException e) {
            LOG.error("Schedule \"{}\" failed; the next tick runs it again", schedule, e);
        }
    }

    /**
     * @param fireTime when Quartz actually fired the tick
     * @param nextFireTime the trigger's next fire time after this tick, or null when there is none
     * @return true when the next tick is already due, so running this one would only be repeated
     */
    static boolean isSuperseded(Date fireTime, Date nextFireTime) {
        return nextFireTime != null && !nextFireTime.after(fireTime);
    }
}
