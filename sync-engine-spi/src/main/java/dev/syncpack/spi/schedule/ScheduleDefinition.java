package dev.syncpack.spi.schedule;

import dev.syncpack.spi.mutation.MutationActions;
import java.util.Objects;

/**
 * A trusted job fired on a Quartz cron: it writes without write-permission checks (schemas still
 * apply) and its writes commit as one batch.
 *
 * @param name the unique schedule name
 * @param cron a Quartz cron expression with a seconds field, e.g. {@code 0/15 * * * * ?}
 * @param handler the body
 * @param retry when to run the body again after a failure
 */
public record ScheduleDefinition(String name, String cron, Handler handler, RetryPolicy retry) {

    /** The body of a schedule. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param actions where writes go
         * @throws Exception any failure; nothing buffered is committed
         */
        void run(MutationActions actions) throws Exception;
    }

    /** @throws NullPointerException when {@code name}, {@code cron} or {@code retry} is null */
    public ScheduleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(retry, "retry");
    }
}
