package dev.syncpack.engine.protocol;

/** What an {@code error} frame answers, so the client can match it to its request. */
sealed interface Correlation {

    /** A frame with no usable id. */
    Correlation NONE = new None();

    /** Nothing to match. */
    record None() implements Correlation {
    }

    /** @param id the subscription id of a subscribe or unsubscribe frame */
    record Subscription(String id) implements Correlation {
    }

    /** @param mutationId the id of a mutate frame */
    record Mutation(long mutationId) implements Correlation {
    }
}
