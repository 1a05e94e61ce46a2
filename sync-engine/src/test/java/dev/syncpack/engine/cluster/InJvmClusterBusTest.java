package dev.syncpack.engine.cluster;

import static dev.syncpack.engine.fixtures.NotesPack.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.engine.fixtures.MapTable;
import dev.syncpack.engine.fixtures.Mirror;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.spi.cluster.ClusterBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InJvmClusterBusTest {

    /** Two engines on one in-JVM network, each with the notes pack over one shared table, and a mirror subscribed on B. */
    private static final class TwoNodes implements AutoCloseable {
        final InJvmClusterBus.Network network = new InJvmClusterBus.Network();
        final InJvmClusterBus busA = network.join("a");
        final InJvmClusterBus busB = network.join("b");
        final InProcessSyncEngine nodeA = InProcessSyncEngine.builder().clusterBus(busA).build();
        final InProcessSyncEngine nodeB = InProcessSyncEngine.builder().clusterBus(busB).build();
        final Mirror onB = new Mirror();

        TwoNodes() {
            MapTable shared = new MapTable();
            nodeA.registerPack(NotesPack.create(shared));
            nodeB.registerPack(NotesPack.create(shared));
            nodeB.subscribe("notes", Map.of(), user("viewer", "ws"), OptionalLong.empty(), onB);
        }

        @Override
        public void close() {
            nodeB.close();
            nodeA.close();
            busB.close();
            busA.close();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    @Timeout(10)
    void twoEnginesOnOneStore_seeEachOthersChangesAsDiffs() throws Exception {
        try (TwoNodes nodes = new TwoNodes()) {
            InProcessSyncEngine nodeA = nodes.nodeA;
            Mirror onB = nodes.onB;
            nodeA.runMutation("notes:add", Map.of("id", "n1", "text", "from a"), user("alice", "ws"));
            nodeA.runMutation("notes:edit", Map.of("id", "n1", "text", "edited on a"), user("alice", "ws"));

            await(() -> onB.diffs().size() == 2);
            assertThat(onB.rows().get("n1")).containsEntry("text", "edited on a");
        }
    }

    @Test
    @Timeout(10)
    void bus_neverDeliversANodesOwnBatchesBackAndKeepsPublishOrder() throws Exception {
        InJvmClusterBus.Network network = new InJvmClusterBus.Network();
        try (InJvmClusterBus a = network.join("a"); InJvmClusterBus b = network.join("b")) {
            List<ClusterBatch> onA = new CopyOnWriteArrayList<>();
            List<ClusterBatch> onB = new CopyOnWriteArrayList<>();
            a.subscribe(onA::add);
            b.subscribe(onB::add);

            for (long v = 1; v <= 100; v++) {
                a.publish(new ClusterBatch("a", v, List.of()));
            }

            await(() -> onB.size() == 100);
            assertThat(onB).extracting(ClusterBatch::originVersion).isSorted();
            assertThat(onA).isEmpty();
        }
    }

    @Test
    @Timeout(30)
    void concurrentCommitsOnA_allReachB_becauseBatchesArePublishedInVersionOrder() throws Exception {
        try (TwoNodes nodes = new TwoNodes()) {
            InProcessSyncEngine nodeA = nodes.nodeA;
            Mirror onB = nodes.onB;
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(8);
            for (int w = 0; w < 8; w++) {
                String writer = "w" + w;
                writers.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        nodeA.runMutation("notes:add", Map.of("id", writer + "-" + i, "text", "t"), user(writer, "ws"));
                    }
                    return null;
                });
            }
            writers.shutdown();
            assertThat(writers.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            await(() -> onB.rows().size() == 800);
            assertThat(onB.rows()).hasSize(800);
        }
    }

    @Test
    @Timeout(10)
    void peerBatches_reachTheOwningPacksOnPeerChangesHook_beforeTheNodesSubscribers() throws Exception {
        InJvmClusterBus.Network network = new InJvmClusterBus.Network();
        List<dev.syncpack.spi.table.RowChange> seen = new CopyOnWriteArrayList<>();
        List<Integer> rowsShownMeanwhile = new CopyOnWriteArrayList<>();
        Mirror onB = new Mirror();
        try (InJvmClusterBus busA = network.join("a"); InJvmClusterBus busB = network.join("b");
             InProcessSyncEngine nodeA = InProcessSyncEngine.builder().clusterBus(busA).build();
             InProcessSyncEngine nodeB = InProcessSyncEngine.builder().clusterBus(busB).build()) {
            MapTable shared = new MapTable();
            nodeA.registerPack(NotesPack.create(shared));
            dev.syncpack.spi.SyncPack watching = NotesPack.create(shared);
            nodeB.registerPack(new dev.syncpack.spi.SyncPack(watching.name(), watching.version(), watching.instance(),
                    watching.ownsTables(), watching.readsTables(), watching.schemas(), watching.permissions(),
                    watching.readers(), watching.writers(), watching.collections(), watching.mutations(),
                    watching.schedules(), new dev.syncpack.spi.PackLifecycle() {
                        @Override
                        public void onPeerChanges(List<dev.syncpack.spi.table.RowChange> changes) {
                            rowsShownMeanwhile.add(onB.rows().size());
                            seen.addAll(changes);
                        }
                    }));
            nodeB.subscribe("notes", Map.of(), user("viewer", "ws"), OptionalLong.empty(), onB);

            nodeB.runMutation("notes:add", Map.of("id", "n2", "text", "t"), user("bob", "ws"));
            nodeA.runMutation("notes:add", Map.of("id", "n1", "text", "t"), user("alice", "ws"));

            await(() -> !seen.isEmpty());
            assertThat(seen).singleElement().satisfies(change -> assertThat(change.row()).containsEntry("id", "n1"));
            assertThat(rowsShownMeanwhile).as("rows B's subscriber was shown when the pack took in n1")
                    .containsExactly(1);
            await(() -> onB.rows().size() == 2);
        }
    }

    @Test
    void network_rejectsADuplicateNodeId() {
        InJvmClusterBus.Network network = new InJvmClusterBus.Network();
        try (InJvmClusterBus a = network.join("a")) {
            assertThatThrownBy(() -> network.join("a")).hasMessageContaining("node id \"a\" is already on this network");
        }
    }
}
