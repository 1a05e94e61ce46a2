package dev.syncpack.engine;

import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutations on several threads while subscribers come, go and resume with {@code since}: once
 * everything is quiet, every live subscriber's mirror (snapshot or catch-up, then diffs) must equal a
 * fresh hydrate, so no change was lost or applied twice, whichever collection kind or partition it
 * read. Runs with diffs delivered at each commit and coalesced, flushed by a thread of its own.
 */
class ConcurrentFanoutStressTest {

    private static final int WRITERS = 4;
    private static final int OPERATIONS_PER_WRITER = 5_000;
    private static final int MAX_OPEN_PER_CHURNER = 25;
    private static final List<String> COLLECTIONS = List.of("notes", "scoped_notes", "note_count");

    private record Live(String collection, Map<String, Object> params, SyncContext ctx, Mirror mirror) {
    }

    @ParameterizedTest(name = "coalesced: {0}")
    @ValueSource(booleans = {false, true})
    @Timeout(60)
    void mirrorsEqualAFreshHydrate_afterConcurrentMutationsAndChurningSubscribers(boolean coalesced) throws Exception {
        MapTable table = new MapTable();
        ManualFlushTimer timer = new ManualFlushTimer();
        InProcessSyncEngine.Builder builder = InProcessSyncEngine.builder();
        if (coalesced) {
            builder.diffInterval(Duration.ofMillis(1)).flushTimer(timer);
        }
        try (InProcessSyncEngine engine = builder.build()) {
            engine.registerPack(NotesPack.create(table));
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 3);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<Live> survivors = new ConcurrentLinkedQueue<>();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> write(engine, writer, start)));
            }
            List<Future<?>> churners = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                int seed = c;
                churners.add(pool.submit(() -> churn(engine, seed, start, writers, survivors)));
            }
            Future<?> flusher = pool.submit(() -> flushWhile(timer, start, churners));
            start.countDown();
            for (Future<?> future : writers) {
                future.get(50, TimeUnit.SECONDS);
            }
            for (Future<?> future : churners) {
                future.get(50, TimeUnit.SECONDS);
            }
            flusher.get(5, TimeUnit.SECONDS);
            pool.shutdown();
            timer.fire();

            assertThat(survivors).hasSizeGreaterThan(10);
            for (Live live : survivors) {
                Map<Object, Map<String, Object>> fresh = engine.hydrate(live.collection(), live.params(), live.ctx())
                        .stream().collect(Collectors.toMap(row -> row.get("id"), row -> row));
                assertThat(live.mirror().rows()).as("%s %s as %s", live.collection(), live.params(),
                        live.ctx().attributes()).isEqualTo(fresh);
            }
            assertThat(engine.inspect().version()).isGreaterThan(OPERATIONS_PER_WRITER);
        }
    }

    /** Fires the timer over and over, as its thread would, until the churners are done. */
    private static Object flushWhile(ManualFlushTimer timer, CountDownLatch start, List<Future<?>> churners)
            throws InterruptedException {
        start.await();
        while (churners.stream().anyMatch(f -> !f.isDone())) {
            timer.fire();
            Thread.yield();
        }
        return null;
    }

    private static SyncContext writerContext(int writer) {
        return user("user" + writer, writer % 2 == 0 ? "ws-a" : "ws-b");
    }

    private static Object write(InProcessSyncEngine engine, int writer, CountDownLatch start) throws Exception {
        start.await();
        Random random = new Random(writer);
        SyncContext ctx = writerContext(writer);
        for (int i = 0; i < OPERATIONS_PER_WRITER; i++) {
            String id = "u" + writer + "-" + random.nextInt(40);
            switch (random.nextInt(3)) {
                case 0 -> engine.runMutation("notes:remove", Map.of("id", id), ctx);
                case 1 -> {
                    if ((boolean) engine.runMutation("notes:remove", Map.of("id", id), ctx) || random.nextBoolean()) {
                        engine.runMutation("notes:add", Map.of("id", id, "text", "v" + i), ctx);
                    }
                }
                default -> {
                    try {
                        engine.runMutation("notes:edit", Map.of("id", id, "text", "e" + i), ctx);
                    } catch (dev.syncpack.spi.error.NotFoundException absent) {
                        engine.runMutation("notes:add", Map.of("id", id, "text", "n" + i), ctx);
                    }
                }
            }
        }
        return null;
    }

    private static Object churn(InProcessSyncEngine engine, int seed, CountDownLatch start, List<Future<?>> writers,
                                ConcurrentLinkedQueue<Live> survivors) throws Exception {
        start.await();
        Random random = new Random(100 + seed);
        List<Subscription> open = new ArrayList<>();
        List<Live> opened = new ArrayList<>();
        while (writers.stream().anyMatch(f -> !f.isDone())) {
            if (open.size() >= MAX_OPEN_PER_CHURNER || (!open.isEmpty() && random.nextInt(3) == 0)) {
                int victim = random.nextInt(open.size());
                open.remove(victim).close();
                Live closed = opened.remove(victim);
                if (random.nextBoolean()) {
                    open.add(engine.subscribe(closed.collection(), closed.params(), closed.ctx(),
                            OptionalLong.of(closed.mirror().version()), closed.mirror()));
                    opened.add(closed);
                }
                continue;
            }
            String collection = COLLECTIONS.get(random.nextInt(COLLECTIONS.size()));
            SyncContext ctx = writerContext(random.nextInt(WRITERS));
            Map<String, Object> params = collection.equals("notes") && random.nextBoolean()
                    ? Map.of("owner", "user" + random.nextInt(WRITERS)) : Map.of();
            Mirror mirror = new Mirror();
            open.add(engine.subscribe(collection, params, ctx, OptionalLong.empty(), mirror));
            opened.add(new Live(collection, params, ctx, mirror));
        }
        survivors.addAll(opened);
        return null;
    }
}
