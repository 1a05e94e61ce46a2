package dev.syncpack.engine.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** A {@link FrameSink} that records every frame (parsed with Jackson) and every close. Thread-safe. */
final class RecordingSink implements FrameSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param code the close code @param reason the close reason */
    record Close(int code, String reason) {
    }

    private final List<JsonNode> frames = new ArrayList<>();
    private final List<Close> closes = new ArrayList<>();

    @Override
    public synchronized void send(String text) {
        try {
            frames.add(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new AssertionError("the connection sent a frame that is not JSON: " + text, e);
        }
    }

    @Override
    public synchronized void close(int code, String reason) {
        closes.add(new Close(code, reason));
    }

    /** @return every frame sent so far */
    synchronized List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    /** @return the frames sent since the last call, forgetting them */
    synchronized List<JsonNode> take() {
        List<JsonNode> taken = List.copyOf(frames);
        frames.clear();
        return taken;
    }

    /** @return the {@code type} of every frame sent so far */
    synchronized List<String> types() {
        return frames.stream().map(frame -> frame.path("type").asText()).toList();
    }

    /** @return the socket closes requested so far */
    synchronized List<Close> closes() {
        return List.copyOf(closes);
    }
}
