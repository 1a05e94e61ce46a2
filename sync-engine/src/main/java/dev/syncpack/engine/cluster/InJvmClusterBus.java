package dev.syncpack.engine.cluster;

import dev.syncpack.spi.cluster.ClusterBatch;
import dev.syncpack.spi.cluster.ClusterBus;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClusterBus} between engines in one JVM, for tests and single-process setups with
 * several engines. Nodes join a shared {@link Network}; each receiver gets batches on its own
 * thread, in publish order, so one engine's commit never waits for another's.
 */
public final class InJvmClusterBus implements ClusterBus {

    private static final Logger LOG = LoggerFactory.getLogger(InJvmClusterBus.class);

    /** The medium nodes share. */
    public static final class Network {
        private final List<InJvmClusterBus> nodes = new CopyOnWriteArrayList<>();

        /**
         * @param nodeId the new node's id, unique on this network
         * @return a bus for that node
         * @throws IllegalArgumentException when the id is taken
         */
        public InJvmClusterBus join(String nodeId) {
            Objects.requireNonNull(nodeId, "nodeId");
            InJvmClusterBus bus = new InJvmClusterBus(this, nodeId);
            synchronized (nodes) {
                if (nodes.stream().anyMatch(node -> node.nodeId.equals(nodeId))) {
                    throw new IllegalArgumentException("node id \"" + nodeId + "\" is already on this network");
                }
                nodes.add(bus);
            }
            return bus;
        }
    }

    private record Receiver(Consumer<ClusterBatch> consumer, ExecutorService thread) {
    }

    private final Network network;
    private final String nodeId;
    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();

    private InJvmClusterBus(Network network, String nodeId) {
        this.network = network;
        this.nodeId = nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void publish(ClusterBatch batch) {
        for (InJvmClusterBus node : network.nodes) {
            if (node != this) {
                node.deliver(batch);
            }
        }
    }

    private void deliver(ClusterBatch batch) {
        for (Receiver receiver : receivers) {
            receiver.thread().execute(() -> {
                try {
                    receiver.consumer().accept(batch);
                } catch (RuntimeException e) {
                    LOG.error("Node {} failed to apply a batch from {}", nodeId, batch.origin(), e);
                }
            });
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<ClusterBatch> consumer) {
        Receiver receiver = new Receiver(consumer, Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "in-jvm-bus-" + nodeId);
            thread.setDaemon(true);
            return thread;
        }));
        receivers.add(receiver);
        return () -> stop(receiver);
    }

    private void stop(Receiver receiver) throws InterruptedException {
        receivers.remove(receiver);
        receiver.thread().shutdown();
        receiver.thread().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        network.nodes.remove(this);
        for (Receiver receiver : receivers) {
            try {
                stop(receiver);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
