package dev.syncpack.engine.protocol;

import java.util.Map;
import java.util.OptionalLong;

/** A well-formed frame from the client. */
sealed interface ClientFrame {

    /**
     * @param id the client's name for the subscription, unique on the connection
     * @param collection the collection
     * @param params the parameters, {@code {}} when absent
     * @param since the version the client holds, to resume from
     * @param patches whether diffs may send changed rows as patches ({@code patched}) instead of whole
     *     rows ({@code changed})
     */
    record Subscribe(String id, String collection, Map<String, Object> params, OptionalLong since, boolean patches)
            implements ClientFrame {
    }

    /** @param id the subscription to end */
    record Unsubscribe(String id) implements ClientFrame {
    }

    /**
     * @param mutationId the client's number for the call, echoed in {@code ack} or {@code reject}
     * @param name the mutation
     * @param args the arguments, {@code {}} when absent
     */
    record Mutate(long mutationId, String name, Map<String, Object> args) implements ClientFrame {
    }

    /** Asks for a {@code pong}. */
    record Ping() implements ClientFrame {
    }
}
