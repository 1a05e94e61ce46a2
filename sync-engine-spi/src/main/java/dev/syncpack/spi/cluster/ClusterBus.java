package dev.syncpack.spi.cluster;

import java.util.function.Consumer;

/**
 * Relays committed batches between engines that share a store, so subscribers on every node see
 * every node's changes. A bus never delivers a node's own batches back to it.
 */
public interface ClusterBus extends AutoCloseable {

    /** @return this node's id, unique in the cluster */
    String nodeId();

    /**
     * Sends a batch this node committed to every other node. Called in version order while the
     * engine holds its commit order, so it must not block: queue and send on another thread. A bus
     * that cannot send reports it and keeps trying, it never drops a batch silently.
     *
     * @param batch the batch
     */
    void publish(ClusterBatch batch);

    /**
     * @param receiver called with each batch another node committed, in that node's commit order
     * @return closing it stops delivery to {@code receiver}
     */
    AutoCloseable subscribe(Consumer<ClusterBatch> receiver);

    /** Stops the bus. */
    @Override
    void close();
}
