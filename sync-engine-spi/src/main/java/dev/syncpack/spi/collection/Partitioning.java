package dev.syncpack.spi.collection;

import dev.syncpack.spi.SyncContext;
import java.util.Map;
import java.util.function.Function;

/**
 * Declares that a collection's rows fall into disjoint partitions (a presence channel in a tenant,
 * say), so the engine routes each change only to the subscriptions of its row's partition and
 * lets every subscription of one partition share one view and one diff.
 *
 * <p>The contract: two subscriptions with equal partitions see exactly the same rows (their match
 * and read rules agree), and a row matches a subscription only when {@code ofRow(row)} equals the
 * subscription's partition.
 *
 * @param ofSubscription the partition a subscription reads, from its parameters and caller
 * @param ofRow the partition a row belongs to
 */
public record Partitioning(PartitionOfSubscription ofSubscription, Function<Map<String, Object>, Object> ofRow) {

    /** The partition of a subscription. */
    @FunctionalInterface
    public interface PartitionOfSubscription {

        /**
         * @param params the subscription's parameters
         * @param ctx the subscriber
         * @return its partition key; compared with {@code equals}
         */
        Object partition(Map<String, Object> params, SyncContext ctx);
    }

    /** @throws NullPointerException when a component is null */
    public Partitioning {
        java.util.Objects.requireNonNull(ofSubscription, "ofSubscription");
        java.util.Objects.requireNonNull(ofRow, "ofRow");
    }
}
