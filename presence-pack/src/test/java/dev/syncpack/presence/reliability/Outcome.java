package dev.syncpack.presence.reliability;

import dev.syncpack.spi.error.ErrorCode;

/** What a mutation actually answered. */
sealed interface Outcome {

    /** It succeeded with this result. */
    record Acked(Object result) implements Outcome {
    }

    /** It was refused with this typed error. */
    record Refused(ErrorCode code, String message) implements Outcome {
    }

    /** The op was no mutation (time, close, cleanup, resubscription). */
    record Done() implements Outcome {
    }
}
