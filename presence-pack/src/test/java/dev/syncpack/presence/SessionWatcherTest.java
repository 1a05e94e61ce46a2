package dev.syncpack.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.SessionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionWatcherTest {

    private static final SessionKey KEY = new SessionKey("", "doc", "ada", "tab-1");
    private static final Instant T30 = Instant.ofEpochSecond(30);
    private static final Instant T40 = Instant.ofEpochSecond(40);

    private final ManualTimer timer = new ManualTimer();
    private final List<Instant> claimed = new ArrayList<>();
    private Instant now = Instant.EPOCH;
    private SessionWatcher watcher;

    SessionWatcherTest() {
        watcher = new SessionWatcher(timer, key -> {
            if (watcher.claim(key, now)) {
                claimed.add(now);
            }
        });
    }

    private void runDue(Instant at) {
        now = at;
        timer.runDue(at);
    }

    @Test
    void watch_laterDeadline_keepsTheArmedTimer() {
        watcher.watch(KEY, T30);
        watcher.watch(KEY, T40);

        assertThat(timer.pending()).isEqualTo(1);
    }

    @Test
    void claim_whenTheDeadlineMovedLater_armsTheTimerAgainForIt() {
        watcher.watch(KEY, T30);
        watcher.watch(KEY, T40);

        runDue(T30);

        assertThat(claimed).isEmpty();
        assertThat(timer.pending()).isEqualTo(1);
        runDue(T40);
        assertThat(claimed).containsExactly(T40);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void watch_earlierDeadline_replacesTheTimer() {
        watcher.watch(KEY, T40);
        watcher.watch(KEY, T30);

        runDue(T30);

        assertThat(claimed).containsExactly(T30);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void forget_cancelsTheTimer() {
        watcher.watch(KEY, T30);

        watcher.forget(KEY);
        runDue(T40);

        assertThat(claimed).isEmpty();
        assertThat(timer.pending()).isZero();
    }
}
