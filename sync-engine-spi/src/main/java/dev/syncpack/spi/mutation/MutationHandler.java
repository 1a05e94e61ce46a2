package dev.syncpack.spi.mutation;

import dev.syncpack.spi.SyncContext;
import java.util.Map;

/** The body of a mutation. */
@FunctionalInterface
public interface MutationHandler {

    /**
     * @param args the validated arguments
     * @param ctx the caller
     * @param actions where writes go
     * @return the result sent back in the {@code ack}: a JSON-shaped value or a record Jackson can
     *     write; may be null
     * @throws Exception any failure; nothing the handler buffered is committed
     */
    Object handle(Map<String, Object> args, SyncContext ctx, MutationActions actions) throws Exception;
}
