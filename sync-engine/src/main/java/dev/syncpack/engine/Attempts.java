package dev.syncpack.engine;

import dev.syncpack.spi.error.SyncException;
import dev.syncpack.spi.error.UnavailableException;
import dev.syncpack.spi.schedule.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a handler under a {@link RetryPolicy}. */
final class Attempts {

    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

    /** One attempt of a handler. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws Exception;
    }

    /** @param value what the successful attempt returned @param attempts how many it took */
    record Result<T>(T value, int attempts) {
    }

    private Attempts() {
    }

    /**
     * @param what names the handler in messages, e.g. {@code mutation "x"}
     * @throws SyncException the last failure: as is when it was not retryable or the only attempt,
     *     otherwise {@code UNAVAILABLE} saying how many attempts were made
     */
    static <T> Result<T> run(String what, RetryPolicy policy, InstantSource clock, Attempt<T> attempt) {
        if (policy.maxAttempts() == 1) {
            return once(what, attempt);
        }
        Instant start = clock.instant();
        for (int number = 1; ; number++) {
            try {
                return new Result<>(attempt.run(), number);
            } catch (Exception error) {
                boolean retryable = policy.retryable().test(error);
                Duration elapsed = Duration.between(start, clock.instant());
                Duration delay = policy.backoff().delayAfter(number);
                boolean more = retryable && number < policy.maxAttempts()
                        && elapsed.plus(delay).compareTo(policy.maxElapsed()) <= 0;
                if (!more) {
                    throw failure(what, error, number, retryable, elapsed);
                }
                LOG.debug("{} failed on attempt {}, retrying in {} ms", what, number, delay.toMillis(), error);
                pause(delay);
            }
        }
    }

    /** The common case of a policy without retries: no clock read, which a busy mutation would pay per call. */
    private static <T> Result<T> once(String what, Attempt<T> attempt) {
        try {
            return new Result<>(attempt.run(), 1);
        } catch (Exception error) {
            throw SyncException.wrap(what, error);
        }
    }

    private static SyncException failure(String what, Exception error, int attempts, boolean retryable,
                                         Duration elapsed) {
        if (attempts == 1 || !retryable) {
            return SyncException.wrap(what, error);
        }
        return new UnavailableException(what + " failed after " + attempts + " attempts in " + elapsed.toMillis()
                + " ms: " + error.getMessage(), error);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting to retry", e);
        }
    }
}
