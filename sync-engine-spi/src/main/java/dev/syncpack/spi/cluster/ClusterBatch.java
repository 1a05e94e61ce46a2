package dev.syncpack.spi.cluster;

import dev.syncpack.spi.table.RowChange;
import java.util.List;
import java.util.Objects;

/**
 * One committed batch as relayed between nodes.
 *
 * @param origin the id of the node that committed it
 * @param originVersion its version on that node; with {@code origin}, identifies the batch
 * @param changes the changes, in commit order
 */
public record ClusterBatch(String origin, long originVersion, List<RowChange> changes) {

    /** Copies {@code changes}. */
    public ClusterBatch {
        Objects.requireNonNull(origin, "origin");
        changes = List.copyOf(changes);
    }
}
