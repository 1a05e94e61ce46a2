package dev.syncpack.engine.quartz;

import static dev.syncpack.engine.quartz.RunRecorder.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.error.InternalException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** Runs the trigger on real RAM Quartz schedulers (one per test) against the reference engine. */
@Timeout(10)
@Execution(ExecutionMode.CONCURRENT)
class QuartzScheduleTriggerTest {

    private static final String EVERY_SECOND = "* * * * * ?";
    private static final String SWEEP = "notes:sweep";
    private static final String GROUP = QuartzScheduleTrigger.DEFAULT_JOB_GROUP;
    private static final JobKey SWEEP_JOB = JobKey.jobKey(SWEEP, GROUP);
    private static final TriggerKey SWEEP_TRIGGER = TriggerKey.triggerKey(SWEEP, GROUP);

    private final InProcessSyncEngine engine = InProcessSyncEngine.builder().build();
    private final Scheduler scheduler;
    private QuartzScheduleTrigger trigger;

    QuartzScheduleTriggerTest() throws SchedulerException {
        scheduler = QuartzSchedulers.ramScheduler("trigger-test-" + UUID.randomUUID(), 2);
    }

    @AfterEach
    void shutDown() throws SchedulerException {
        if (trigger != null) {
            trigger.close();
        }
        scheduler.shutdown(true);
        engine.close();
    }

    @Test
    void attachedSchedule_firesOnItsCron_andItsWritesReachSubscribers() throws SchedulerException {
        registerSweep(new RunRecorder((run, actions) -> actions.insert("notes", note("tick-" + run))));
        Mirror mirror = new Mirror();
        engine.subscribe("notes", Map.of(), NotesPack.user("alice", "ws"), OptionalLong.empty(), mirror);
        trigger = QuartzScheduleTrigger.attach(engine, scheduler);

        scheduler.start();

        awaitUntil("the first tick's note", () -> mirror.rows().containsKey("tick-1"));
        assertThat(mirror.rows().get("tick-1")).isEqualTo(note("tick-1"));
    }

    @Test
    void slowRun_ticksThatPassMeanwhile_neverStartASecondRun() throws SchedulerException {
        SlowRun slow = slowFirstRunThenTwoMore();

        assertThat(slow.recorder().maxRunning()).isEqualTo(1);
        assertThat(slow.recorder().starts().get(1)).isAfterOrEqualTo(slow.released());
    }

    @Test
    void slowRun_missedTicks_coalesceIntoOneCatchUpRun() throws SchedulerException {
        SlowRun slow = slowFirstRunThenTwoMore();

        Instant nextRegularTick = slow.released().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        assertThat(slow.recorder().starts())
                .filteredOn(start -> start.isAfter(slow.released()) && start.isBefore(nextRegularTick.minusMillis(50)))
                .as("runs between the release and the next regular tick").hasSize(1);
    }

    @Test
    void packRegisteredAfterStart_isPickedUpAndFires() throws SchedulerException {
        trigger = QuartzScheduleTrigger.attach(engine, scheduler);
        scheduler.start();
        RunRecorder recorder = new RunRecorder();

        registerSweep(recorder);

        recorder.awaitStarts(1);
        assertThat(scheduler.checkExists(SWEEP_JOB)).isTrue();
    }

    @Test
    void unregisteredPack_itsJobAndTriggerAreGone() throws SchedulerException {
        RunRecorder recorder = new RunRecorder();
        registerSweep(recorder);
        trigger = QuartzScheduleTrigger.attach(engine, scheduler);
        scheduler.start();
        recorder.awaitStarts(1);

        engine.unregisterPack("notes", "");

        assertThat(scheduler.checkExists(SWEEP_JOB)).isFalse();
        assertThat(scheduler.checkExists(SWEEP_TRIGGER)).isFalse();
        assertThat(trigger.nextFire(SWEEP)).isEmpty();
    }

    @Test
    void inspect_showsTheTriggersNextFireTime() throws SchedulerException {
        engine.registerPack(NotesPack.builder(new MapTable()).cron("0 0 3 * * ?").build());

        trigger = QuartzScheduleTrigger.attach(engine, scheduler);

        Instant next = scheduler.getTrigger(SWEEP_TRIGGER).getNextFireTime().toInstant();
        assertThat(next.atZone(ZoneId.systemDefault()).getHour()).isEqualTo(3);
        assertThat(engine.inspect().schedules()).singleElement().satisfies(info -> {
            assertThat(info.nextFireAt()).isEqualTo(next.toEpochMilli());
            assertThat(info.lastRun()).isNull();
        });
    }

    @Test
    void failingRun_isRecordedAsFailed_neverEscapesTheJob_andTheNextTickStillRuns() throws SchedulerException {
        JobOutcomes outcomes = JobOutcomes.listen(scheduler, SWEEP_JOB);
        AtomicReference<EngineInspection> seenBySecondRun = new AtomicReference<>();
        registerSweep(new RunRecorder((run, actions) -> {
            if (run == 1) {
                throw new InternalException("sweep broke on its first run");
            }
            seenBySecondRun.compareAndSet(null, engine.inspect());
        }));
        trigger = QuartzScheduleTrigger.attach(engine, scheduler);

        scheduler.start();

        awaitUntil("a successful run after the failed one",
                () -> seenBySecondRun.get() != null && "ok".equals(lastRun().outcome()));
        assertThat(seenBySecondRun.get().schedules().getFirst().lastRun()).satisfies(failed -> {
            assertThat(failed.outcome()).isEqualTo("failed");
            assertThat(failed.error()).isEqualTo("sweep broke on its first run");
        });
        EngineInspection.ScheduleInfo now = engine.inspect().schedules().getFirst();
        assertThat(now.nextFireAt()).isGreaterThan(now.lastRun().startedAt());
        assertThat(outcomes.escaped()).isEmpty();
    }

    @Test
    void existingJobWithTheSameCron_keepsItsTrigger() throws SchedulerException {
        Date otherNodesStart = Date.from(Instant.parse("2026-01-01T00:00:00Z"));
        scheduleAsAnotherNode(EVERY_SECOND, otherNodesStart);
        registerSweep(new RunRecorder());

        trigger = QuartzScheduleTrigger.attach(engine, scheduler);

        assertThat(scheduler.getTrigger(SWEEP_TRIGGER).getStartTime()).isEqualTo(otherNodesStart);
    }

    @Test
    void existingJobWithAnotherCron_getsTheNewCron() throws SchedulerException {
        scheduleAsAnotherNode("0 0 * * * ?", Date.from(Instant.parse("2026-01-01T00:00:00Z")));
        registerSweep(new RunRecorder());

        trigger = QuartzScheduleTrigger.attach(engine, scheduler);

        assertThat(scheduler.getTrigger(SWEEP_TRIGGER)).isInstanceOfSatisfying(CronTrigger.class,
                cron -> assertThat(cron.getCronExpression()).isEqualTo(EVERY_SECOND));
    }

    @Test
    void twoEngines_withTheirOwnJobGroups_eachFireTheirOwnSchedule() throws SchedulerException {
        RunRecorder mine = new RunRecorder();
        RunRecorder theirs = new RunRecorder();
        registerSweep(mine);
        try (InProcessSyncEngine other = InProcessSyncEngine.builder().build();
             QuartzScheduleTrigger otherTrigger = QuartzScheduleTrigger.builder(other, scheduler)
                     .jobGroup("other").attach()) {
            other.registerPack(NotesPack.builder(new MapTable()).cron(EVERY_SECOND).sweep(theirs).build());
            trigger = QuartzScheduleTrigger.attach(engine, scheduler);

            scheduler.start();

            mine.awaitStarts(1);
            theirs.awaitStarts(1);
            assertThat(otherTrigger.nextFire(SWEEP)).isPresent();
        }
    }

    @Test
    void attach_secondEngineOnTheSameJobGroup_isRejected() throws SchedulerException {
        trigger = QuartzScheduleTrigger.attach(engine, scheduler);
        try (InProcessSyncEngine other = InProcessSyncEngine.builder().build()) {
            assertThatThrownBy(() -> QuartzScheduleTrigger.attach(other, scheduler))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Quartz scheduler \"" + scheduler.getSchedulerName() + "\" already fires another"
                            + " engine's schedules in job group \"syncpack\"; give each engine its own jobGroup"
                            + " or close the other trigger first");
        }
    }

    @Test
    void attach_engineThatHasATrigger_isRejectedAndLeavesTheJobGroupFree() throws SchedulerException {
        trigger = QuartzScheduleTrigger.builder(engine, scheduler).jobGroup("first").attach();

        assertThatThrownBy(() -> QuartzScheduleTrigger.attach(engine, scheduler))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a schedule trigger is already attached to this engine");

        try (InProcessSyncEngine other = InProcessSyncEngine.builder().build();
             QuartzScheduleTrigger otherTrigger = QuartzScheduleTrigger.attach(other, scheduler)) {
            assertThat(otherTrigger.nextFire(SWEEP)).isEmpty();
        }
    }

    @Test
    void attach_shutDownScheduler_isRejected() throws SchedulerException {
        scheduler.shutdown();

        assertThatThrownBy(() -> QuartzScheduleTrigger.attach(engine, scheduler))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Quartz scheduler \"" + scheduler.getSchedulerName() + "\" is shut down; attach to a"
                        + " scheduler that is running or not yet started");
    }

    @Test
    void jobGroup_blank_isRejected() {
        assertThatThrownBy(() -> QuartzScheduleTrigger.builder(engine, scheduler).jobGroup(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jobGroup must not be blank, was \" \"");
    }

    @Test
    void jobGroup_setTwice_isRejectedNamingTheFirstValue() {
        QuartzScheduleTrigger.Builder builder = QuartzScheduleTrigger.builder(engine, scheduler).jobGroup("a");

        assertThatThrownBy(() -> builder.jobGroup("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("jobGroup was already set to \"a\"");
    }

    @Test
    void close_withRamStore_deletesTheJobsAndIgnoresLaterSchedules() throws SchedulerException {
        registerSweep(new RunRecorder());
        trigger = QuartzScheduleTrigger.attach(engine, scheduler);

        trigger.close();
        engine.registerPack(NotesPack.builder(new MapTable()).prefix("late_").cron(EVERY_SECOND).build());

        assertThat(scheduler.checkExists(SWEEP_JOB)).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey("late_notes:sweep", GROUP))).isFalse();
        assertThat(engine.inspect().schedules()).extracting(EngineInspection.ScheduleInfo::nextFireAt)
                .containsOnlyNulls();
    }

    @Test
    void tick_withoutAnAttachedEngine_isSkippedWithoutEscaping() throws SchedulerException {
        scheduleAsAnotherNode(EVERY_SECOND, new Date());
        JobOutcomes outcomes = JobOutcomes.listen(scheduler, SWEEP_JOB);

        scheduler.start();

        awaitUntil("a tick", () -> outcomes.executions() >= 1);
        assertThat(outcomes.escaped()).isEmpty();
    }

    @Test
    void engineClose_afterTheHostShutTheSchedulerDown_succeeds() throws SchedulerException {
        registerSweep(new RunRecorder());
        trigger = QuartzScheduleTrigger.attach(engine, scheduler);
        scheduler.shutdown();

        engine.close();

        assertThat(engine.inspect().schedules()).isEmpty();
    }

    private void registerSweep(RunRecorder recorder) {
        engine.registerPack(NotesPack.builder(new MapTable()).cron(EVERY_SECOND).sweep(recorder).build());
    }

    private EngineInspection.RunInfo lastRun() {
        return engine.inspect().schedules().getFirst().lastRun();
    }

    private static Map<String, Object> note(String id) {
        return Map.of("id", id, "owner", "system", "scope", "ws", "text", "by schedule");
    }

    /** @param released when the test let the slow first run end */
    private record SlowRun(RunRecorder recorder, Instant released) {
    }

    /**
     * Starts a schedule whose first run blocks on a latch until two more ticks came due, releases it
     * at 200-400 ms into a second (so the run that follows is well clear of the next regular tick),
     * and waits for two more runs.
     */
    private SlowRun slowFirstRunThenTwoMore() throws SchedulerException {
        CountDownLatch release = new CountDownLatch(1);
        RunRecorder recorder = new RunRecorder((run, actions) -> {
            if (run == 1 && !release.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the slow run");
            }
        });
        registerSweep(recorder);
        trigger = QuartzScheduleTrigger.attach(engine, scheduler);
        scheduler.start();
        recorder.awaitStarts(1);

        Instant earliest = recorder.starts().getFirst().plusMillis(2200);
        awaitUntil("a release moment 2.2 s into the slow run", () -> {
            Instant now = Instant.now();
            long millisIntoSecond = now.toEpochMilli() % 1000;
            return now.isAfter(earliest) && millisIntoSecond >= 200 && millisIntoSecond < 400;
        });
        Instant released = Instant.now();
        release.countDown();
        recorder.awaitStarts(3);
        return new SlowRun(recorder, released);
    }

    private void scheduleAsAnotherNode(String cron, Date start) throws SchedulerException {
        scheduler.scheduleJob(JobBuilder.newJob(RunScheduleJob.class)
                        .withIdentity(SWEEP_JOB)
                        .usingJobData(RunScheduleJob.SCHEDULE_NAME, SWEEP)
                        .build(),
                TriggerBuilder.newTrigger()
                        .withIdentity(SWEEP_TRIGGER)
                        .startAt(start)
                        .withSchedule(CronScheduleBuilder.cronSchedule(cron))
                        .build());
    }
}
