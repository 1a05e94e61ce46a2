package dev.syncpack.spi.mutation;

import dev.syncpack.spi.collection.ParamsAuthorizer;
import dev.syncpack.spi.schedule.RetryPolicy;
import dev.syncpack.spi.schema.Schema;
import java.util.Objects;

/**
 * A named write clients run. The engine validates {@code args}, then asks {@code authorize}, then
 * runs {@code handler}, retrying the whole handler as {@code retry} allows.
 *
 * @param name the unique mutation name
 * @param args the schema of the arguments
 * @param authorize who may run it with which arguments
 * @param handler the body
 * @param retry when to run the handler again after a failure
 */
public record MutationDefinition(String name, Schema args, ParamsAuthorizer authorize,
                                 MutationHandler handler, RetryPolicy retry) {

    /** @throws NullPointerException when {@code name}, {@code args}, {@code authorize} or {@code retry} is null */
    public MutationDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(authorize, "authorize");
        Objects.requireNonNull(retry, "retry");
    }

    /**
     * @param name the mutation name
     * @param args the argument schema
     * @param handler the body
     * @return a mutation open to everyone, without retries
     */
    public static MutationDefinition of(String name, Schema args, MutationHandler handler) {
        return new MutationDefinition(name, args, ParamsAuthorizer.ALLOW_ALL, handler, RetryPolicy.NONE);
    }

    /**
     * @param authorize the new gate
     * @return a copy with {@code authorize}
     */
    public MutationDefinition withAuthorize(ParamsAuthorizer authorize) {
        return new MutationDefinition(name, args, authorize, handler, retry);
    }

    /**
     * @param retry the new policy
     * @return a copy with {@code retry}
     */
    public MutationDefinition withRetry(RetryPolicy retry) {
        return new MutationDefinition(name, args, authorize, handler, retry);
    }
}
