package dev.syncpack.spi.schedule;

import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.SyncException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * When a failed mutation or schedule handler runs again. Each attempt starts with an empty change
 * buffer, so nothing from a failed attempt is ever committed.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param backoff the pause between attempts
 * @param retryable which failures are worth another attempt
 * @param maxElapsed no new attempt starts after this much time since the first
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Predicate<Throwable> retryable, Duration maxElapsed) {

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Backoff.standard(), RetryPolicy::isTransient,
            Duration.ofSeconds(30));

    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("40001", "40P01");

    /**
     * @throws IllegalArgumentException when {@code maxAttempts < 1} or {@code maxElapsed} is negative
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(retryable, "retryable");
        if (maxElapsed.isNegative()) {
            throw new IllegalArgumentException("maxElapsed must not be negative, was " + maxElapsed);
        }
    }

    /**
     * @param maxAttempts attempts in all
     * @return up to {@code maxAttempts} attempts with {@link Backoff#standard()}, retrying transient
     *     failures, for at most 30 s
     */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Backoff.standard(), RetryPolicy::isTransient, Duration.ofSeconds(30));
    }

    /**
     * @param backoff the new backoff
     * @return a copy with {@code backoff}
     */
    public RetryPolicy withBackoff(Backoff backoff) {
        return new RetryPolicy(maxAttempts, backoff, retryable, maxElapsed);
    }

    /**
     * @param retryable the new predicate
     * @return a copy with {@code retryable}
     */
    public RetryPolicy withRetryable(Predicate<Throwable> retryable) {
        return new RetryPolicy(maxAttempts, backoff, retryable, maxElapsed);
    }

    /**
     * @param maxElapsed the new cap
     * @return a copy with {@code maxElapsed}
     */
    public RetryPolicy withMaxElapsed(Duration maxElapsed) {
        return new RetryPolicy(maxAttempts, backoff, retryable, maxElapsed);
    }

    /**
     * The default retry predicate: an {@code UNAVAILABLE} {@link SyncException}, or a PostgreSQL
     * serialization failure or deadlock (SQLSTATE 40001, 40P01), anywhere in the cause chain.
     *
     * @param error a failure
     * @return true when another attempt may succeed
     */
    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SyncException sync && sync.code() == ErrorCode.UNAVAILABLE) {
                return true;
            }
            if (t instanceof SQLException sql && TRANSIENT_SQL_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
