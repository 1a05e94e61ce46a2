package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncEngine;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.collection.SubscriptionListener;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With the real timer and system clock, and no cleanup schedule firing, removals and typing
 * clears reach subscribers within a second of their deadline.
 */
@Timeout(10)
class RealTimerExpiryTest {

    private static final SyncContext ALICE = user("c-alice", "alice", null);
    private static final SyncContext VIEWER = user("c-viewer", "viewer", null);

    private final SyncEngine engine = InProcessSyncEngine.builder().build();

    @AfterEach
    void close() {
        engine.close();
    }

    /** Counts down, and notes the wall time, when the first diff passing {@code test} arrives. */
    private static final class FirstDiff implements SubscriptionListener {
        final CountDownLatch arrived = new CountDownLatch(1);
        final AtomicLong arrivedAt = new AtomicLong();
        final Predicate<SubscriptionEvent.Diff> test;

        FirstDiff(Predicate<SubscriptionEvent.Diff> test) {
            this.test = test;
        }

        @Override
        public void onEvent(SubscriptionEvent event) {
            if (event instanceof SubscriptionEvent.Diff diff && test.test(diff) && arrived.getCount() == 1) {
                arrivedAt.set(System.currentTimeMillis());
                arrived.countDown();
            }
        }
    }

    @Test
    void removal_arrivesWithinOneSecondOfExpiresAt() throws InterruptedException {
        engine.registerPack(PresencePack.builder().actorId(ctx -> ctx.stringAttribute("userId"))
                .heartbeatTtl(Duration.ofMillis(300)).reconnectGrace(Duration.ofMillis(100)).build());
        FirstDiff removal = new FirstDiff(diff -> !diff.removed().isEmpty());
        engine.subscribe("presence", Map.of("channel", "doc-1"), VIEWER, OptionalLong.empty(), removal);

        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) engine.runMutation("presence:heartbeat",
                Map.of("channel", "doc-1"), ALICE);

        assertThat(removal.arrived.await(5, TimeUnit.SECONDS)).isTrue();
        long expiresAt = (Long) row.get("expiresAt");
        assertThat(removal.arrivedAt.get() - expiresAt).isBetween(0L, 999L);
        assertThat(engine.hydrate("presence", Map.of("channel", "doc-1"), VIEWER)).isEmpty();
    }

    @Test
    void typing_clearArrivesWithinOneSecondOfTypingExpiresAt() throws InterruptedException {
        engine.registerPack(PresencePack.builder().actorId(ctx -> ctx.stringAttribute("userId"))
                .typingTtl(Duration.ofMillis(200)).build());
        engine.runMutation("presence:heartbeat", Map.of("channel", "doc-1"), ALICE);
        FirstDiff cleared = new FirstDiff(diff -> diff.changed().stream()
                .anyMatch(row -> Boolean.FALSE.equals(((Map<?, ?>) row.get("state")).get("typing"))));
        engine.subscribe("presence", Map.of("channel", "doc-1"), VIEWER, OptionalLong.empty(), cleared);

        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) engine.runMutation("presence:typing",
                Map.of("channel", "doc-1", "typing", true), ALICE);

        assertThat(cleared.arrived.await(5, TimeUnit.SECONDS)).isTrue();
        long typingExpiresAt = (Long) ((Map<?, ?>) row.get("state")).get("typingExpiresAt");
        assertThat(cleared.arrivedAt.get() - typingExpiresAt).isBetween(0L, 999L);
    }
}
