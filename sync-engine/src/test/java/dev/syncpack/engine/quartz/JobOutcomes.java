package dev.syncpack.engine.quartz;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.KeyMatcher;
import org.quartz.listeners.JobListenerSupport;

/** Counts a job's executions and keeps every exception that escaped from it, as Quartz saw them. */
final class JobOutcomes extends JobListenerSupport {

    private final String name;
    private final AtomicInteger executions = new AtomicInteger();
    private final List<JobExecutionException> escaped = new CopyOnWriteArrayList<>();

    private JobOutcomes(String name) {
        this.name = name;
    }

    /** @return a listener on {@code job}, registered with {@code scheduler} */
    static JobOutcomes listen(Scheduler scheduler, JobKey job) throws SchedulerException {
        JobOutcomes outcomes = new JobOutcomes("outcomes-of-" + job);
        scheduler.getListenerManager().addJobListener(outcomes, KeyMatcher.keyEquals(job));
        return outcomes;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException jobException) {
        if (jobException != null) {
            escaped.add(jobException);
        }
        executions.incrementAndGet();
    }

    /** @return how many executions finished, skipped ticks included */
    int executions() {
        return executions.get();
    }

    /** @return the exceptions that escaped the job */
    List<JobExecutionException> escaped() {
        return List.copyOf(escaped);
    }
}
