package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.spi.cluster.ClusterBatch;
import dev.syncpack.spi.table.RowChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgresClusterBus between two nodes on one database, including lost connections. */
@Timeout(60)
class ClusterBusTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static DataSource pool;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        pool = DB.pool("bus");
        PostgresClusterBus bus = bus("migrator", pool, DB.unpooled());
        bus.migrate();
        bus.migrate();
        bus.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private static PostgresClusterBus bus(String nodeId, DataSource sendVia, DataSource listenVia) {
        return PostgresClusterBus.builder(sendVia, listenVia).nodeId(nodeId).schema(DB.schema())
                .pollInterval(Duration.ofMillis(50)).maxRetry(Duration.ofMillis(200)).build();
    }

    private PostgresClusterBus node(String nodeId, DataSource sendVia, DataSource listenVia) throws InterruptedException {
        PostgresClusterBus bus = bus(nodeId, sendVia, listenVia);
        opened.add(bus);
        assertThat(bus.awaitListening(WAIT)).as("node %s listens", nodeId).isTrue();
        return bus;
    }

    private static BlockingQueue<ClusterBatch> inbox(PostgresClusterBus bus) {
        BlockingQueue<ClusterBatch> inbox = new LinkedBlockingQueue<>();
        bus.subscribe(inbox::add);
        return inbox;
    }

    private static ClusterBatch batch(String origin, long version, Map<String, Object> row) {
        return new ClusterBatch(origin, version, List.of(RowChange.insert("presence", row)));
    }

    private static List<ClusterBatch> take(BlockingQueue<ClusterBatch> inbox, int count) throws InterruptedException {
        return take(inbox, count, WAIT);
    }

    private static List<ClusterBatch> take(BlockingQueue<ClusterBatch> inbox, int count, Duration wait)
            throws InterruptedException {
        List<ClusterBatch> taken = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (taken.size() < count && System.nanoTime() < deadline) {
            ClusterBatch next = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) {
                taken.add(next);
            }
        }
        return taken;
    }

    @Test
    void publish_reachesTheOtherNodeAndNeverItsOwn() throws Exception {
        PostgresClusterBus a = node("a", pool, DB.unpooled());
        PostgresClusterBus b = node("b", pool, DB.unpooled());
        BlockingQueue<ClusterBatch> atA = inbox(a);
        BlockingQueue<ClusterBatch> atB = inbox(b);
        ClusterBatch sent = batch("a", 1, Map.of("id", "r1", "n", 1));

        a.publish(sent);

        assertThat(take(atB, 1)).containsExactly(sent);
        b.publish(batch("b", 1, Map.of("id", "marker")));
        assertThat(take(atA, 1)).extracting(ClusterBatch::origin).containsExactly("b");
    }

    @Test
    void publish_batchOverTheNotifyLimit_arrivesWholeByReference() throws Exception {
        PostgresClusterBus a = node("a", pool, DB.unpooled());
        PostgresClusterBus b = node("b", pool, DB.unpooled());
        BlockingQueue<ClusterBatch> atB = inbox(b);
        ClusterBatch big = batch("a", 1, Map.of("id", "r1", "state", Map.of("text", "x".repeat(20_000))));

        a.publish(big);

        assertThat(BusMessages.fitsInline("a", BusMessages.encode(big))).isFalse();
        assertThat(take(atB, 1)).containsExactly(big);
    }

    @Test
    void publish_manyBatches_arriveInPublishOrder() throws Exception {
        PostgresClusterBus a = node("a", pool, DB.unpooled());
        PostgresClusterBus b = node("b", pool, DB.unpooled());
        BlockingQueue<ClusterBatch> atB = inbox(b);
        List<ClusterBatch> sent = new ArrayList<>();
        for (int version = 1; version <= 60; version++) {
            String text = version % 10 == 0 ? "y".repeat(9_000) : "small";
            sent.add(batch("a", version, Map.of("id", "r" + version, "text", text)));
        }

        sent.forEach(a::publish);

        assertThat(take(atB, sent.size())).containsExactlyElementsOf(sent);
    }

    @Test
    void listeningConnectionLost_batchesPublishedMeanwhileAreReplayedInOrder() throws Exception {
        TcpProxy proxy = DB.proxy();
        opened.add(proxy);
        PostgresClusterBus a = node("a", pool, DB.unpooled());
        PostgresClusterBus b = node("b", pool, DB.unpooled(DB.jdbcUrlVia("127.0.0.1", proxy.port())));
        BlockingQueue<ClusterBatch> atB = inbox(b);
        a.publish(batch("a", 1, Map.of("id", "before")));
        assertThat(take(atB, 1)).hasSize(1);

        proxy.cut();
        List<ClusterBatch> missed = List.of(batch("a", 2, Map.of("id", "m1")), batch("a", 3, Map.of("id", "m2")),
                batch("a", 4, Map.of("id", "big", "text", "z".repeat(10_000))));
        missed.forEach(a::publish);
        awaitSent(a);
        proxy.restore();

        assertThat(take(atB, missed.size())).containsExactlyElementsOf(missed);
        a.publish(batch("a", 5, Map.of("id", "after")));
        assertThat(take(atB, 1)).extracting(ClusterBatch::originVersion).containsExactly(5L);
    }

    @Test
    void publishWhileTheDatabaseIsDown_isQueuedAndSentInOrderOnceItIsBack() throws Exception {
        TcpProxy proxy = DB.proxy();
        opened.add(proxy);
        DataSource proxiedPool = DB.pool("bus-proxied", DB.jdbcUrlVia("127.0.0.1", proxy.port()));
        PostgresClusterBus a = node("a", proxiedPool, DB.unpooled());
        PostgresClusterBus b = node("b", pool, DB.unpooled());
        BlockingQueue<ClusterBatch> atB = inbox(b);

        proxy.cut();
        List<ClusterBatch> queued = List.of(batch("a", 1, Map.of("id", "q1")), batch("a", 2, Map.of("id", "q2")),
                batch("a", 3, Map.of("id", "q3")));
        queued.forEach(a::publish);

        assertThat(take(atB, 1, Duration.ofSeconds(1))).isEmpty();
        assertThat(a.backlog()).isGreaterThanOrEqualTo(2);
        proxy.restore();
        assertThat(take(atB, queued.size())).containsExactlyElementsOf(queued);
    }

    private static void awaitSent(PostgresClusterBus bus) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bus.backlog() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bus.backlog()).isZero();
    }
}
