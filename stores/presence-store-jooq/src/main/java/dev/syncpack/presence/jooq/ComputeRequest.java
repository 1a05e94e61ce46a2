package dev.syncpack.presence.jooq;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * One caller's {@code compute(key, rule)} waiting in a {@link ComputeQueue}: whichever thread runs
 * its batch completes it once, with the transition carried out or the failure, and wakes the caller.
 */
final class ComputeRequest {

    final SessionKey key;
    final Thread owner;
    private final BiFunction<Optional<Session>, Instant, Transition> rule;
    private Transition result;
    private Throwable failure;
    private volatile boolean done;

    ComputeRequest(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule, Thread owner) {
        this.key = key;
        this.rule = rule;
        this.owner = owner;
    }

    /**
     * Asks the caller's rule; its exception (or a transition for another key) fails this request alone.
     *
     * @return what the rule decided, or empty when it failed and this request is now done
     */
    Optional<Transition> ask(Optional<Session> stored, Instant now) {
        try {
            Transition decided = Objects.requireNonNull(rule.apply(stored, now), "rule returned null");
            if (decided instanceof Transition.Upsert upsert && !upsert.after().key().equals(key)) {
                throw new IllegalArgumentException("rule returned a session for " + upsert.after().key()
                        + " instead of " + key);
            }
            return Optional.of(decided);
        } catch (RuntimeException | Error e) {
            fail(e);
            return Optional.empty();
        }
    }

    /** Completes the request with what was carried out. */
    void succeed(Transition transition) {
        result = transition;
        finish();
    }

    /** Completes the request with a failure, thrown to the caller. */
    void fail(Throwable cause) {
        failure = cause;
        finish();
    }

    boolean isDone() {
        return done;
    }

    /**
     * @return the transition carried out
     * @throws RuntimeException what the request failed with
     */
    Transition outcome() {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return result;
    }

    private void finish() {
        done = true;
        LockSupport.unpark(owner);
    }
}
