package dev.syncpack.spi.collection;

import dev.syncpack.spi.SyncContext;
import java.util.List;
import java.util.Map;

/** Loads the rows a subscription starts from. */
@FunctionalInterface
public interface Hydrator {

    /**
     * @param params the subscription's validated parameters
     * @param ctx the subscriber
     * @return the rows that currently belong to the collection for these parameters
     */
    List<Map<String, Object>> hydrate(Map<String, Object> params, SyncContext ctx);
}
