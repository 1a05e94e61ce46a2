package dev.syncpack.presence.reliability;

import dev.syncpack.spi.error.ErrorCode;
import java.util.Map;
import java.util.Optional;

/** What the sequential model says a mutation answers. */
sealed interface Expected {

    /** The mutation succeeds and returns this session row. */
    record Row(Map<String, Object> row) implements Expected {
    }

    /** A leave succeeds; {@code left} is empty when either answer is right (an expired session the node may already have removed). */
    record Left(Optional<Boolean> left) implements Expected {
    }

    /** The mutation is refused with this code. */
    record Refused(ErrorCode code) implements Expected {
    }
}
