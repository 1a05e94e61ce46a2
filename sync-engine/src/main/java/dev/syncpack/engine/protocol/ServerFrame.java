package dev.syncpack.engine.protocol;

import dev.syncpack.spi.error.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * A frame to the client; {@link FrameWriter} writes each as JSON with {@code type} first. Diff frames,
 * which share their rows among subscribers, are written by {@link FrameWriter#diff} instead.
 */
sealed interface ServerFrame {

    /** @return the wire {@code type} */
    String type();

    /**
     * @param id the subscription id
     * @param version the engine version of the rows
     * @param rows the whole content
     */
    record SnapshotFrame(String id, long version, List<Map<String, Object>> rows) implements ServerFrame {
        @Override
        public String type() {
            return "snapshot";
        }
    }

    /**
     * @param mutationId the client's id of the mutation
     * @param result the handler's result, may be null
     */
    record AckFrame(long mutationId, Object result) implements ServerFrame {
        @Override
        public String type() {
            return "ack";
        }
    }

    /**
     * @param mutationId the client's id of the mutation
     * @param code why it failed
     * @param message what to do about it
     */
    record RejectFrame(long mutationId, ErrorCode code, String message) implements ServerFrame {
        @Override
        public String type() {
            return "reject";
        }
    }

    /**
     * @param about the request this answers, when it had a usable id
     * @param code why it failed
     * @param message what to do about it
     */
    record ErrorFrame(Correlation about, ErrorCode code, String message) implements ServerFrame {
        @Override
        public String type() {
            return "error";
        }
    }

    /** The answer to a ping. */
    record PongFrame() implements ServerFrame {
        @Override
        public String type() {
            return "pong";
        }
    }
}
