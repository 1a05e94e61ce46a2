package dev.syncpack.engine.protocol;

import dev.syncpack.spi.error.LimitExceededException;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Applies a connection's size and rate limits to each incoming frame and counts violations in a
 * row. Not thread-safe; the connection calls it under its inbound lock.
 */
final class FrameLimiter {

    private final ConnectionLimits limits;
    private final TokenBucket bucket;
    private int violationsInRow;

    FrameLimiter(ConnectionLimits limits, InstantSource clock) {
        this.limits = limits;
        this.bucket = new TokenBucket(limits.framesPerSecond(), limits.burstFrames(), clock);
    }

    /**
     * Takes a token for the frame and checks its size.
     *
     * @param bytes the frame's size in bytes
     * @return the refusal when the frame breaks the rate or size limit
     */
    Optional<LimitExceededException> admit(long bytes) {
        if (!bucket.tryTake()) {
            return Optional.of(new LimitExceededException("too many frames: this connection may send "
                    + limits.framesPerSecond() + " frames per second with bursts of " + limits.burstFrames()
                    + " (framesPerSecond, burstFrames); slow down"));
        }
        if (bytes > limits.maxFrameBytes()) {
            return Optional.of(new LimitExceededException("frame of " + bytes + " bytes is larger than the "
                    + limits.maxFrameBytes() + " bytes a frame may have (maxFrameBytes); send smaller frames"));
        }
        return Optional.empty();
    }

    /**
     * Records a violation.
     *
     * @return true when violations in a row reached {@link ConnectionLimits#maxViolationsInRow()}
     */
    boolean violated() {
        violationsInRow++;
        return violationsInRow >= limits.maxViolationsInRow();
    }

    /** Records a frame within the limits, which ends a row of violations. */
    void withinLimits() {
        violationsInRow = 0;
    }
}
