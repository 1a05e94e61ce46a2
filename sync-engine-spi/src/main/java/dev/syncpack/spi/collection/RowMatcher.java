package dev.syncpack.spi.collection;

import dev.syncpack.spi.SyncContext;
import java.util.Map;

/** The in-memory twin of a {@link Hydrator}'s query: decides whether a changed row belongs. */
@FunctionalInterface
public interface RowMatcher {

    /**
     * @param row a changed row
     * @param params the subscription's parameters
     * @param ctx the subscriber
     * @return true when the row belongs to the collection for these parameters
     */
    boolean matches(Map<String, Object> row, Map<String, Object> params, SyncContext ctx);
}
