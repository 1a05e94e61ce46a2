package dev.syncpack.presence;

import static dev.syncpack.presence.PresenceHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads at once: the changes to each session reach subscribers in the order they were
 * applied, so what a subscriber holds equals the store; a sweep never removes a renewed session.
 */
@Timeout(60)
class ConcurrentPresenceTest {

    private static final SyncContext VIEWER = user("c-viewer", "viewer", null);

    private final PresenceHarness harness = PresenceHarness.create(b -> b.heartbeatTtl(Duration.ofSeconds(10)));
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void close() {
        pool.shutdownNow();
        harness.close();
    }

    private List<Map<String, Object>> storedRows(String channel) {
        return harness.store.list("", channel, harness.store.now()).stream()
                .map(PresenceRows::sessionRow).toList();
    }

    @Test
    void cleanup_racingAHeartbeat_neverRemovesTheRenewedSession() throws Exception {
        SyncContext alice = user("c-alice", "alice", null);
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        for (int round = 0; round < 100; round++) {
            long start = round * 20_000L;
            harness.at(start);
            harness.heartbeat(alice, "doc-1");
            harness.at(start + 10_000);
            CyclicBarrier together = new CyclicBarrier(2);
            Future<?> heartbeat = pool.submit(() -> {
                together.await();
                return harness.heartbeat(alice, "doc-1");
            });
            Future<?> sweep = pool.submit(() -> {
                together.await();
                harness.cleanup();
                return null;
            });
            heartbeat.get(10, TimeUnit.SECONDS);
            sweep.get(10, TimeUnit.SECONDS);

            Session stored = harness.store.sessionsOfActor("", "alice").getFirst();
            assertThat(stored.expiresAt()).isEqualTo(Instant.ofEpochMilli(start + 20_000));
            assertThat(live.rows()).containsExactlyElementsOf(storedRows("doc-1"));
        }
    }

    @Test
    void subscribers_manyThreadsHeartbeatingOneSession_receiveTheChangesInTheOrderTheStoreAppliedThem()
            throws Exception {
        List<Object> applied = Collections.synchronizedList(new ArrayList<>());
        PresenceHarness recorded = PresenceHarness.create(clock -> new ApplyOrderRecorder(
                new InMemoryPresenceStore(clock), applied), b -> b);
        SyncContext alice = user("c-alice", "alice", null);
        Mirror live = recorded.subscribe(VIEWER, "doc-1");
        CyclicBarrier together = new CyclicBarrier(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                together.await();
                for (int i = 0; i < 300; i++) {
                    recorded.heartbeat(alice, "doc-1", "session", "tab-1", "state", Map.of("last", worker * 1000 + i));
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            recorded.close();
        }

        List<Object> received = live.diffs().stream()
                .flatMap(diff -> Stream.concat(diff.added().stream(), diff.changed().stream()))
                .<Object>map(row -> ((Map<?, ?>) row.get("state")).get("last"))
                .toList();
        assertThat(received).hasSize(1200).containsExactlyElementsOf(applied);
    }

    /**
     * A store that notes each session state it applied, in order: the pack calls it under the key's
     * lock, so for one key the calls return in the order the store applied them.
     */
    private static final class ApplyOrderRecorder extends ForwardingPresenceStore {
        private final List<Object> applied;

        ApplyOrderRecorder(PresenceStore delegate, List<Object> applied) {
            super(delegate);
            this.applied = applied;
        }

        @Override
        public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
            Transition transition = super.compute(key, rule);
            if (transition instanceof Transition.Upsert upsert) {
                applied.add(upsert.after().state().get("last"));
            }
            return transition;
        }
    }

    @Test
    void subscriberMirror_afterConcurrentHeartbeatsCursorsLeavesAndExpiry_equalsTheStore() throws Exception {
        Mirror live = harness.subscribe(VIEWER, "doc-1");
        CyclicBarrier together = new CyclicBarrier(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                together.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 300; i++) {
                    SyncContext ctx = user("c-" + random.nextInt(3), "actor" + random.nextInt(3), null);
                    String session = "tab-" + random.nextInt(2);
                    try {
                        switch (random.nextInt(4)) {
                            case 0 -> harness.heartbeat(ctx, "doc-1", "session", session,
                                    "state", Map.of("w" + worker, i));
                            case 1 -> harness.mutate("cursor", ctx, "channel", "doc-1", "session", session,
                                    "cursor", i);
                            case 2 -> harness.mutate("leave", ctx, "channel", "doc-1", "session", session);
                            default -> harness.timer.runDue(harness.clock.instant());
                        }
                    } catch (NotFoundException noSessionYet) {
                        // a cursor before any heartbeat of that session: allowed to fail
                    }
                    if (worker == 0 && i % 50 == 0) {
                        harness.clock.advance(Duration.ofSeconds(3));
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS);
        }
        harness.timer.runDue(harness.clock.instant());

        assertThat(live.rows()).containsExactlyInAnyOrderElementsOf(storedRows("doc-1"));
    }
}
