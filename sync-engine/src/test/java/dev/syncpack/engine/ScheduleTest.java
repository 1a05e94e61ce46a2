package dev.syncpack.engine;

import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.error.InternalException;
import dev.syncpack.spi.error.NotFoundException;
import dev.syncpack.spi.error.UnavailableException;
import dev.syncpack.spi.schedule.Backoff;
import dev.syncpack.spi.schedule.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final RetryPolicy THREE_QUICK_ATTEMPTS = RetryPolicy.attempts(3)
            .withBackoff(Backoff.exponential(Duration.ZERO, 1, Duration.ZERO, 0));

    private final InProcessSyncEngine engine = InProcessSyncEngine.builder().build();
    private final MapTable table = new MapTable();
    private final Mirror mirror = new Mirror();

    @AfterEach
    void close() {
        engine.close();
    }

    private static Map<String, Object> note(String id, String owner) {
        return Map.of("id", id, "owner", owner, "scope", "ws", "text", "by schedule");
    }

    private void register(NotesPack.Builder pack) {
        engine.registerPack(pack.build());
        engine.subscribe("notes", Map.of(), user("alice", "ws"), OptionalLong.empty(), mirror);
    }

    @Test
    void schedule_writesReachSubscribersAsAdded() {
        register(NotesPack.builder(table).sweep(actions -> actions.insert("notes", note("s1", "system"))));

        engine.runSchedule("notes:sweep");

        assertThat(mirror.diffs()).singleElement()
                .satisfies(diff -> assertThat(diff.added()).containsExactly(note("s1", "system")));
    }

    @Test
    void schedule_readsCurrentStateThroughTheReader() {
        register(NotesPack.builder(table));
        engine.runMutation("notes:add", Map.of("id", "keep", "text", "keep"), user("alice", "ws"));
        engine.runMutation("notes:add", Map.of("id", "drop", "text", "sweep-me"), user("bob", "ws"));

        engine.runSchedule("notes:sweep");

        assertThat(table.all()).extracting(row -> row.get("id")).containsExactly("keep");
        assertThat(mirror.rows()).containsOnlyKeys("keep");
    }

    @Test
    void schedule_bypassesWriteRules() {
        register(NotesPack.builder(table).sweep(actions -> actions.insert("notes", note("s1", "nobody"))));

        engine.runSchedule("notes:sweep");

        assertThat(table.get("s1")).isPresent();
    }

    @Test
    void schedule_stillChecksSchemas() {
        register(NotesPack.builder(table).sweep(actions -> actions.insert("notes", Map.of("id", "s1"))));

        assertThatThrownBy(() -> engine.runSchedule("notes:sweep"))
                .hasMessageContaining("Invalid row of table \"notes\": field \"owner\" is required");
        assertThat(table.size()).isZero();
    }

    @Test
    void schedule_thatThrows_emitsNothingAndRecordsTheFailure() {
        register(NotesPack.builder(table).sweep(actions -> {
            actions.emit(dev.syncpack.spi.table.RowChange.insert("notes", note("s1", "system")));
            throw new InternalException("sweep broke");
        }));

        assertThatThrownBy(() -> engine.runSchedule("notes:sweep")).hasMessage("sweep broke");

        assertThat(mirror.diffs()).isEmpty();
        assertThat(engine.inspect().schedules()).singleElement().satisfies(info -> {
            assertThat(info.lastRun().outcome()).isEqualTo("failed");
            assertThat(info.lastRun().error()).isEqualTo("sweep broke");
        });
    }

    @Test
    void schedule_unknown_isNotFound() {
        assertThatThrownBy(() -> engine.runSchedule("missing"))
                .isInstanceOf(NotFoundException.class).hasMessage("Unknown schedule \"missing\"");
    }

    @Test
    void schedule_retry_failedAttemptsNeverLeakChanges() {
        AtomicInteger attempts = new AtomicInteger();
        register(NotesPack.builder(table).retry(THREE_QUICK_ATTEMPTS).sweep(actions -> {
            actions.emit(dev.syncpack.spi.table.RowChange.insert("notes", note("s1", "system")));
            if (attempts.incrementAndGet() < 3) {
                throw new UnavailableException("store blinked");
            }
        }));

        engine.runSchedule("notes:sweep");

        assertThat(mirror.diffs()).singleElement().satisfies(diff -> assertThat(diff.added()).hasSize(1));
        EngineInspection.RunInfo run = engine.inspect().schedules().getFirst().lastRun();
        assertThat(run.outcome()).isEqualTo("ok");
        assertThat(run.attempts()).isEqualTo(3);
    }

    @Test
    void schedule_retry_exhausted_isUnavailableWithTheAttemptCount() {
        register(NotesPack.builder(table).retry(THREE_QUICK_ATTEMPTS).sweep(actions -> {
            throw new UnavailableException("store down");
        }));

        assertThatThrownBy(() -> engine.runSchedule("notes:sweep"))
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("schedule \"notes:sweep\" failed after 3 attempts");
    }

    @Test
    void inspect_listsSchedulesWithTheirCronInRegistrationOrder() {
        engine.registerPack(NotesPack.builder(table).prefix("a_").cron("0/15 * * * * ?").build());
        engine.registerPack(NotesPack.builder(new MapTable()).prefix("b_").cron("0 0 * * * ?").build());

        assertThat(engine.inspect().schedules()).extracting(EngineInspection.ScheduleInfo::name,
                        EngineInspection.ScheduleInfo::cron)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a_notes:sweep", "0/15 * * * * ?"),
                        org.assertj.core.groups.Tuple.tuple("b_notes:sweep", "0 0 * * * ?"));
    }
}
