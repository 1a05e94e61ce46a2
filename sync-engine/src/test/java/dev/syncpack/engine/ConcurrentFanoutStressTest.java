package dev.syncpack.engine;

import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.Subscription;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutations on several threads while subscribers come and go: once everything is quiet, every
 * live subscriber's mirror (snapshot + diffs) must equal a fresh hydrate, so no change was lost
 * or applied twice, whichever collection kind or partition it read.
 */
class ConcurrentFanoutStressTest {

    private static final int WRITERS = 4;
    private static final int OPERATIONS_PER_WRITER = 5_000;
    private static final int MAX_OPEN_PER_CHURNER = 25;
    private static final List<String> COLLECTIONS = List.of("notes", "scoped_notes", "note_count");

    private record Live(String collection, Map<String, Object> params, SyncContext ctx, Mirror mirror) {
    }

    @Test
    @Timeout(60)
    void mirrorsEqualAFreshHydrate_afterConcurrentMutationsAndChurningSubscribers() throws Exception {
        MapTable table = new MapTable();
        try (InProcessSyncEngine engine = InProcessSyncEngine.builder().build()) {
            engine.registerPack(NotesPack.create(table));
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
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
            start.countDown();
            for (Future<?> future : writers) {
                future.get(50, TimeUnit.SECONDS);
            }
            for (Future<?> future : churners) {
                future.get(50, TimeUnit.SECONDS);
            }
            pool.shutdown();

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
                opened.remove(victim);
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
