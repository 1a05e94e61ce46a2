package dev.syncpack.presence.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What a presence rule decided for one session key; a store carries it out atomically and the
 * pack publishes the resulting change.
 */
public sealed interface Transition {

    /**
     * What the store holds for the key afterwards.
     *
     * @return the session stored once the transition is carried out, if any
     */
    Optional<Session> stored();

    /**
     * Write {@code after}: an insert when {@code before} is empty, otherwise an update.
     *
     * @param before the stored session the rule saw
     * @param after the session to store
     */
    record Upsert(Optional<Session> before, Session after) implements Transition {
        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is null
         */
        public Upsert {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        @Override
        public Optional<Session> stored() {
            return Optional.of(after);
        }
    }

    /**
     * Remove the stored session.
     *
     * @param before the session removed
     */
    record Delete(Session before) implements Transition {
        /**
         * Checks the component.
         *
         * @throws NullPointerException when {@code before} is null
         */
        public Delete {
            Objects.requireNonNull(before, "before");
        }

        @Override
        public Optional<Session> stored() {
            return Optional.empty();
        }
    }

    /**
     * Write nothing: the stored session, if any, is already what it should be.
     *
     * @param current the stored session the rule saw
     */
    record Keep(Optional<Session> current) implements Transition {
        /**
         * Checks the component.
         *
         * @throws NullPointerException when {@code current} is null
         */
        public Keep {
            Objects.requireNonNull(current, "current");
        }

        @Override
        public Optional<Session> stored() {
            return current;
        }
    }

    /**
     * Write nothing and refuse the request.
     *
     * @param current the stored session the rule saw
     * @param rejection why
     */
    record Reject(Optional<Session> current, Rejection rejection) implements Transition {
        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is null
         */
        public Reject {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(rejection, "rejection");
        }

        @Override
        public Optional<Session> stored() {
            return current;
        }
    }
}
