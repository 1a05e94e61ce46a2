package dev.syncpack.engine.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.simpl.RAMJobStore;

@Timeout(10)
class QuartzSchedulersTest {

    @Test
    void ramScheduler_returnsStandbySchedulerWithRamStoreAndThreads() throws SchedulerException {
        String name = "ram-" + UUID.randomUUID();
        Scheduler scheduler = QuartzSchedulers.ramScheduler(name, 3);
        try {
            assertThat(scheduler.getSchedulerName()).isEqualTo(name);
            assertThat(scheduler.isStarted()).isFalse();
            assertThat(scheduler.getMetaData().getJobStoreClass()).isEqualTo(RAMJobStore.class);
            assertThat(scheduler.getMetaData().getThreadPoolSize()).isEqualTo(3);
        } finally {
            scheduler.shutdown();
        }
    }

    @Test
    void ramScheduler_nameOfLiveScheduler_rejected() throws SchedulerException {
        String name = "taken-" + UUID.randomUUID();
        Scheduler first = QuartzSchedulers.ramScheduler(name, 1);
        try {
            assertThatThrownBy(() -> QuartzSchedulers.ramScheduler(name, 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a Quartz scheduler named \"" + name
                            + "\" already exists in this JVM; give each scheduler its own instanceName");
        } finally {
            first.shutdown();
        }
    }

    @Test
    void ramScheduler_nameOfShutDownScheduler_createsNewOne() throws SchedulerException {
        String name = "reused-" + UUID.randomUUID();
        Scheduler first = QuartzSchedulers.ramScheduler(name, 1);
        first.shutdown();
        Scheduler second = QuartzSchedulers.ramScheduler(name, 1);
        try {
            assertThat(second).isNotSameAs(first);
            assertThat(second.isShutdown()).isFalse();
        } finally {
            second.shutdown();
        }
    }

    @Test
    void ramScheduler_blankName_rejected() {
        assertThatThrownBy(() -> QuartzSchedulers.ramScheduler(" ", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instanceName must not be blank, was \" \"");
    }

    @Test
    void ramScheduler_noThreads_rejected() {
        assertThatThrownBy(() -> QuartzSchedulers.ramScheduler("no-threads", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threadCount must be at least 1, was 0");
    }
}
