package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queue of {@link JooqPresenceStore#compute} on its own, with a runner that answers at once. */
@Timeout(60)
class ComputeQueueTest {

    @Test
    void manyCallersComingAndGoing_areAllAnsweredAndNoKeyRunsTwiceAtOnce() throws Exception {
        ConcurrentHashMap<SessionKey, Boolean> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        ComputeQueue queue = new ComputeQueue(3, 7, batch -> {
            batch.forEach(request -> {
                if (inFlight.putIfAbsent(request.key, true) != null) {
                    overlaps.incrementAndGet();
                }
            });
            Thread.yield();
            batch.forEach(request -> {
                inFlight.remove(request.key);
                request.ask(Optional.empty(), java.time.Instant.EPOCH).ifPresent(request::succeed);
            });
        });
        int callers = 200;
        int calls = 500;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                SessionKey key = new SessionKey("", "doc", "a", "s" + c % 50);
                done.add(threads.submit(() -> {
                    int answered = 0;
                    for (int i = 0; i < calls; i++) {
                        if (queue.submit(key, (current, now) -> new Transition.Keep(current))
                                instanceof Transition.Keep) {
                            answered++;
                        }
                    }
                    return answered;
                }));
            }
            for (Future<Integer> caller : done) {
                assertThat(caller.get(50, TimeUnit.SECONDS)).isEqualTo(calls);
            }
        }

        assertThat(overlaps).hasValue(0);
        assertThat(queue.queued()).isZero();
    }
}
