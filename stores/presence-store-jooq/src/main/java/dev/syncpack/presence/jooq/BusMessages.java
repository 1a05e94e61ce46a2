package dev.syncpack.presence.jooq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncpack.spi.cluster.ClusterBatch;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The wire forms of {@link PostgresClusterBus}: a batch is JSON (Jackson; rows are plain maps), and
 * a notification is {@code <log id>:<origin>} followed by {@code :<batch JSON>} when the whole
 * text fits in PostgreSQL's NOTIFY payload limit, and nothing more when the receiver must read the
 * batch from the log by id.
 */
final class BusMessages {

    /** NOTIFY payloads must be shorter than 8000 bytes. */
    static final int MAX_NOTIFY_BYTES = 7999;
    /** The most digits a {@code bigint} log id has. */
    private static final int MAX_ID_DIGITS = 19;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BusMessages() {
    }

    /**
     * A notification as received.
     *
     * @param id the batch's id in the log
     * @param origin the node that published it
     * @param inline the batch JSON when it travelled inline
     */
    record Notice(long id, String origin, Optional<String> inline) {
    }

    /**
     * @param batch a batch
     * @return its JSON
     * @throws IllegalArgumentException when a row holds something JSON cannot carry
     */
    static String encode(ClusterBatch batch) {
        try {
            return JSON.writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cluster batch " + batch.originVersion() + " from " + batch.origin()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param json a batch's JSON
     * @return the batch
     * @throws IllegalArgumentException when it is not a batch
     */
    static ClusterBatch decode(String json) {
        try {
            return JSON.readValue(json, ClusterBatch.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a cluster batch: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param origin the publishing node
     * @param json the batch JSON
     * @return true when {@code <id>:<origin>:<json>} fits a NOTIFY payload whatever the id
     */
    static boolean fitsInline(String origin, String json) {
        long bytes = MAX_ID_DIGITS + 2L + origin.getBytes(StandardCharsets.UTF_8).length
                + json.getBytes(StandardCharsets.UTF_8).length;
        return bytes <= MAX_NOTIFY_BYTES;
    }

    /**
     * @param text a notification payload
     * @return the notice
     * @throws IllegalArgumentException when the text is not one
     */
    static Notice parse(String text) {
        int first = text.indexOf(':');
        if (first <= 0) {
            throw new IllegalArgumentException("not a cluster bus notification: " + abbreviate(text));
        }
        int second = text.indexOf(':', first + 1);
        long id;
        try {
            id = Long.parseLong(text.substring(0, first));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cluster bus notification: " + abbreviate(text), e);
        }
        return second < 0
                ? new Notice(id, text.substring(first + 1), Optional.empty())
                : new Notice(id, text.substring(first + 1, second), Optional.of(text.substring(second + 1)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
