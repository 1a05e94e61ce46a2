package dev.syncpack.engine.protocol;

/**
 * What one client connection may do before it is refused with {@code LIMIT_EXCEEDED}, and how long
 * abuse may go on before the connection is closed with code {@code 1008}.
 *
 * <p>Frames are rate limited by a token bucket: it holds {@code burstFrames} tokens, refills at
 * {@code framesPerSecond}, and every frame (valid or not) takes one. A frame refused for its size, the
 * rate or a JSON limit is a violation; {@code maxViolationsInRow} violations with no frame within the
 * limits in between close the connection.
 *
 * @param maxFrameBytes the largest frame accepted, in UTF-8 bytes; larger frames are not parsed
 * @param maxSubscriptions how many subscriptions one connection may hold at once
 * @param framesPerSecond the sustained frame rate
 * @param burstFrames how many frames may arrive at once after a quiet period
 * @param maxNestingDepth how deeply JSON objects and arrays may nest in a frame, the frame itself
 *     being depth 1
 * @param maxStringLength the longest JSON string or field name in a frame, in chars
 * @param maxViolationsInRow how many limit violations in a row close the connection
 */
public record ConnectionLimits(int maxFrameBytes, int maxSubscriptions, int framesPerSecond, int burstFrames,
                               int maxNestingDepth, int maxStringLength, int maxViolationsInRow) {

    private static final ConnectionLimits DEFAULTS = new ConnectionLimits(64 * 1024, 256, 50, 100, 32, 16 * 1024, 10);

    /**
     * @throws IllegalArgumentException naming the first value below its minimum
     */
    public ConnectionLimits {
        atLeast("maxFrameBytes", maxFrameBytes, 64);
        atLeast("maxSubscriptions", maxSubscriptions, 1);
        atLeast("framesPerSecond", framesPerSecond, 1);
        atLeast("burstFrames", burstFrames, 1);
        atLeast("maxNestingDepth", maxNestingDepth, 2);
        atLeast("maxStringLength", maxStringLength, 1);
        atLeast("maxViolationsInRow", maxViolationsInRow, 1);
    }

    /**
     * @return 64 KiB frames, 256 subscriptions, 50 frames/s with bursts of 100, nesting depth 32,
     *     strings up to 16 KiB chars, and closing after 10 violations in a row
     */
    public static ConnectionLimits defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    private static int atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + " (was " + value + ")");
        }
        return value;
    }

    /**
     * Builds {@link ConnectionLimits} from the defaults. Each setter rejects a value below its minimum
     * at once, and a value set twice.
     */
    public static final class Builder {
        private Integer maxFrameBytes;
        private Integer maxSubscriptions;
        private Integer framesPerSecond;
        private Integer burstFrames;
        private Integer maxNestingDepth;
        private Integer maxStringLength;
        private Integer maxViolationsInRow;

        private Builder() {
        }

        /**
         * @param bytes the largest frame in UTF-8 bytes, at least 64
         * @return this
         * @throws IllegalArgumentException when below 64
         * @throws IllegalStateException when already set
         */
        public Builder maxFrameBytes(int bytes) {
            maxFrameBytes = once("maxFrameBytes", maxFrameBytes, atLeast("maxFrameBytes", bytes, 64));
            return this;
        }

        /**
         * @param count subscriptions per connection, at least 1
         * @return this
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder maxSubscriptions(int count) {
            maxSubscriptions = once("maxSubscriptions", maxSubscriptions, atLeast("maxSubscriptions", count, 1));
            return this;
        }

        /**
         * @param rate the sustained frames per second, at least 1
         * @return this
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder framesPerSecond(int rate) {
            framesPerSecond = once("framesPerSecond", framesPerSecond, atLeast("framesPerSecond", rate, 1));
            return this;
        }

        /**
         * @param frames the burst size, at least 1
         * @return this
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder burstFrames(int frames) {
            burstFrames = once("burstFrames", burstFrames, atLeast("burstFrames", frames, 1));
            return this;
        }

        /**
         * @param depth the deepest JSON nesting, at least 2 (a frame holding {@code params})
         * @return this
         * @throws IllegalArgumentException when below 2
         * @throws IllegalStateException when already set
         */
        public Builder maxNestingDepth(int depth) {
            maxNestingDepth = once("maxNestingDepth", maxNestingDepth, atLeast("maxNestingDepth", depth, 2));
            return this;
        }

        /**
         * @param chars the longest JSON string or field name, at least 1
         * @return this
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder maxStringLength(int chars) {
            maxStringLength = once("maxStringLength", maxStringLength, atLeast("maxStringLength", chars, 1));
            return this;
        }

        /**
         * @param count violations in a row that close the connection, at least 1
         * @return this
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder maxViolationsInRow(int count) {
            maxViolationsInRow = once("maxViolationsInRow", maxViolationsInRow,
                    atLeast("maxViolationsInRow", count, 1));
            return this;
        }

        /** @return the limits, with defaults for what was not set */
        public ConnectionLimits build() {
            return new ConnectionLimits(
                    orDefault(maxFrameBytes, DEFAULTS.maxFrameBytes),
                    orDefault(maxSubscriptions, DEFAULTS.maxSubscriptions),
                    orDefault(framesPerSecond, DEFAULTS.framesPerSecond),
                    orDefault(burstFrames, DEFAULTS.burstFrames),
                    orDefault(maxNestingDepth, DEFAULTS.maxNestingDepth),
                    orDefault(maxStringLength, DEFAULTS.maxStringLength),
                    orDefault(maxViolationsInRow, DEFAULTS.maxViolationsInRow));
        }

        private static int once(String name, Integer earlier, int value) {
            if (earlier != null) {
                throw new IllegalStateException(name + " was already set to " + earlier);
            }
            return value;
        }

        private static int orDefault(Integer value, int fallback) {
            return value == null ? fallback : value;
        }
    }
}
