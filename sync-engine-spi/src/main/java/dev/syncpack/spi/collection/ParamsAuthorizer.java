package dev.syncpack.spi.collection;

import dev.syncpack.spi.SyncContext;
import java.util.Map;

/** Decides whether a caller may subscribe with given parameters or run a mutation with given args. */
@FunctionalInterface
public interface ParamsAuthorizer {

    /** Allows everyone. */
    ParamsAuthorizer ALLOW_ALL = (params, ctx) -> true;

    /**
     * @param params the validated parameters or arguments
     * @param ctx the caller
     * @return true to allow
     * @throws dev.syncpack.spi.error.SyncException to deny with a specific code and message
     */
    boolean allows(Map<String, Object> params, SyncContext ctx);
}
