package dev.syncpack.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSessionsTest {

    private static final SessionKey KEY = new SessionKey("", "doc", "ada", "tab-1");
    private static final Instant T30 = Instant.ofEpochSecond(30);
    private static final Instant T40 = Instant.ofEpochSecond(40);

    private final ManualTimer timer = new ManualTimer();
    private final List<Instant> claimed = new ArrayList<>();
    private Instant now = Instant.EPOCH;
    private NodeSessions sessions;

    NodeSessionsTest() {
        sessions = new NodeSessions(timer, key -> {
            if (sessions.claim(key, now)) {
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
        sessions.watch(KEY, T30);
        sessions.watch(KEY, T40);

        assertThat(timer.pending()).isEqualTo(1);
    }

    @Test
    void claim_whenTheDeadlineMovedLater_armsTheTimerAgainForIt() {
        sessions.watch(KEY, T30);
        sessions.watch(KEY, T40);

        runDue(T30);

        assertThat(claimed).isEmpty();
        assertThat(timer.pending()).isEqualTo(1);
        runDue(T40);
        assertThat(claimed).containsExactly(T40);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void watch_earlierDeadline_replacesTheTimer() {
        sessions.watch(KEY, T40);
        sessions.watch(KEY, T30);

        runDue(T30);

        assertThat(claimed).containsExactly(T30);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void sameKey_isTheKeyTheSessionWasFirstWatchedWith() {
        SessionKey equalKey = new SessionKey("", "doc", "ada", "tab-1");
        SessionKey unwatched = new SessionKey("", "doc", "ada", "tab-2");
        sessions.watch(KEY, T30);

        assertThat(sessions.sameKey(equalKey)).isSameAs(KEY);
        assertThat(sessions.sameKey(unwatched)).isSameAs(unwatched);
    }

    private static Session session(Instant at) {
        return new Session(KEY, Map.of(), Activity.ACTIVE, at, at, at, at.plusSeconds(30));
    }

    @Test
    void recall_givesTheStoresTimeAdvancedByTheTimeSinceAsking() {
        sessions.watch(KEY, T40);
        Session stored = session(Instant.ofEpochSecond(3_600));
        sessions.remember(KEY, stored, Instant.ofEpochSecond(3_600), T30);

        assertThat(sessions.recall(KEY, T40)).contains(new NodeSessions.Known(stored, Instant.ofEpochSecond(3_610)));
    }

    @Test
    void recall_roundsTowardsALaterStoreTime() {
        sessions.watch(KEY, T40);
        Session stored = session(T30);
        sessions.remember(KEY, stored, T30.plusNanos(1), T30.plusNanos(999_999));

        assertThat(sessions.recall(KEY, T30.plusNanos(999_999))).map(NodeSessions.Known::storeNow)
                .contains(T30.plusMillis(2));
    }

    @Test
    void recall_givesTheRememberedSession_throughWatchesThatKeepIt_untilTheNextWatch() {
        sessions.watch(KEY, T40);
        sessions.remember(KEY, session(T30), T30, T30);
        sessions.watchRemembered(KEY, T40, "c1");

        assertThat(sessions.recall(KEY, T30)).isPresent();
        sessions.watch(KEY, T40, "c1");
        assertThat(sessions.recall(KEY, T30)).isEmpty();
    }

    @Test
    void recall_whenThisNodesClockReadsBeforeTheAsking_isEmpty() {
        sessions.watch(KEY, T40);
        sessions.remember(KEY, session(T30), T30, T30);

        assertThat(sessions.recall(KEY, T30.minusMillis(1))).isEmpty();
    }

    @Test
    void forget_cancelsTheTimer() {
        sessions.watch(KEY, T30);

        sessions.forget(KEY);
        runDue(T40);

        assertThat(claimed).isEmpty();
        assertThat(timer.pending()).isZero();
    }

    @Test
    void close_returnsTheSessionsTheConnectionKeptAlive_andReleaseUnlinksEachOnce() {
        sessions.watch(KEY, T30, "conn-a");

        assertThat(sessions.close("conn-a")).containsExactly(KEY);
        assertThat(sessions.release(KEY, "conn-a")).isTrue();
        assertThat(sessions.release(KEY, "conn-a")).isFalse();
        assertThat(timer.pending()).as("the session is still watched").isEqualTo(1);
    }

    @Test
    void watch_fromAnotherConnection_takesTheSessionOver() {
        sessions.watch(KEY, T30, "conn-a");
        sessions.watch(KEY, T40, "conn-b");

        assertThat(sessions.close("conn-a")).isEmpty();
        assertThat(sessions.release(KEY, "conn-a")).isFalse();
        assertThat(sessions.close("conn-b")).containsExactly(KEY);
    }

    @Test
    void claim_keepsTheConnectionOfTheSessionItSettles() {
        sessions.watch(KEY, T30, "conn-a");

        runDue(T30);

        assertThat(claimed).containsExactly(T30);
        assertThat(sessions.close("conn-a")).containsExactly(KEY);
        assertThat(sessions.release(KEY, "conn-a")).isTrue();
    }

    @Test
    void close_returnsEachSessionTheConnectionStillKeepsAlive_whateverItsOthersDid() {
        SessionKey chat = new SessionKey("", "chat", "ada", "tab-1");
        SessionKey notes = new SessionKey("", "notes", "ada", "tab-1");
        SessionKey board = new SessionKey("", "board", "ada", "tab-1");
        sessions.watch(KEY, T30, "conn-a");
        sessions.watch(chat, T30, "conn-a");
        sessions.watch(notes, T30, "conn-a");
        sessions.watch(board, T30, "conn-a");
        sessions.watch(chat, T40, "conn-a");

        sessions.forget(notes);
        sessions.watch(board, T40, "conn-b");

        assertThat(sessions.close("conn-a")).containsExactlyInAnyOrder(KEY, chat);
        assertThat(sessions.close("conn-b")).containsExactly(board);
    }

    @Test
    void forget_alsoForgetsTheConnection() {
        sessions.watch(KEY, T30, "conn-a");

        sessions.forget(KEY);

        assertThat(sessions.close("conn-a")).isEmpty();
        assertThat(sessions.release(KEY, "conn-a")).isFalse();
    }
}
