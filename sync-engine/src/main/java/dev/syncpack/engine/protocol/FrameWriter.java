package dev.syncpack.engine.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.error.ErrorCode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Writes {@link ServerFrame}s as compact JSON text. Thread-safe. */
final class FrameWriter {

    /** Shared by every connection; rows and results are maps, lists, scalars or records. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /**
     * The last diff written with whole rows and the last written with patches, each with its JSON
     * after the subscription id and the whole frame for one id: the engine hands one diff object to
     * every subscription of a shared view, so a change to a channel of a thousand subscribers is
     * written as JSON once per form, not a thousand times, and subscribers that chose the same id
     * (clients of one app usually do) share one frame text. Each form keeps its own entry, so
     * subscribers of both forms in one channel do not push each other's out.
     */
    private static final AtomicReferenceArray<WrittenDiff> LAST_DIFF = new AtomicReferenceArray<>(2);

    private record WrittenDiff(SubscriptionEvent.Diff diff, String afterId, String id, String frame) {
    }

    private FrameWriter() {
    }

    /**
     * Writes a diff frame: {@code type}, {@code id}, {@code version}, {@code added}, {@code changed}
     * and {@code removed}. With {@code patches} the frame also has {@code patched}, and when the diff
     * has patches they go there in place of the changed rows, which {@code changed} then leaves out.
     * Reuses the JSON of the rows when the same diff object was just written the same way for
     * another subscription.
     *
     * @param id the subscription id
     * @param diff the diff
     * @param patches whether the subscription takes patches
     * @return the frame's JSON text
     * @throws UncheckedIOException when a row cannot be written as JSON
     */
    static String diff(String id, SubscriptionEvent.Diff diff, boolean patches) {
        int form = patches ? 1 : 0;
        WrittenDiff last = LAST_DIFF.get(form);
        boolean sameRows = last != null && last.diff() == diff;
        if (sameRows && last.id().equals(id)) {
            return last.frame();
        }
        String afterId = sameRows ? last.afterId() : afterId(diff, patches);
        String frame;
        try {
            frame = "{\"type\":\"diff\",\"id\":" + MAPPER.writeValueAsString(id) + afterId;
        } catch (IOException e) {
            throw new UncheckedIOException("diff frame could not be written as JSON", e);
        }
        LAST_DIFF.set(form, new WrittenDiff(diff, afterId, id, frame));
        return frame;
    }

    /** @return {@code ,"version":N,"added":[...],"changed":[...],("patched":[...],)"removed":[...]}} */
    private static String afterId(SubscriptionEvent.Diff diff, boolean patches) {
        boolean patched = patches && !diff.patches().isEmpty();
        StringWriter out = new StringWriter();
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("version", diff.version());
            json.writeObjectField("added", diff.added());
            json.writeObjectField("changed", patched ? List.of() : diff.changed());
            if (patches) {
                json.writeObjectField("patched", patched ? diff.patches() : List.of());
            }
            json.writeObjectField("removed", diff.removed());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("diff frame could not be written as JSON", e);
        }
        return "," + out.toString().substring(1);
    }

    /**
     * @param frame the frame
     * @return its JSON text
     * @throws UncheckedIOException when a row or result cannot be written as JSON
     */
    static String write(ServerFrame frame) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", frame.type());
            switch (frame) {
                case ServerFrame.SnapshotFrame snapshot -> {
                    json.writeStringField("id", snapshot.id());
                    json.writeNumberField("version", snapshot.version());
                    json.writeObjectField("rows", snapshot.rows());
                }
                case ServerFrame.AckFrame ack -> {
                    json.writeNumberField("mutationId", ack.mutationId());
                    json.writeObjectField("result", ack.result());
                }
                case ServerFrame.RejectFrame reject -> {
                    json.writeNumberField("mutationId", reject.mutationId());
                    writeError(json, reject.code(), reject.message());
                }
                case ServerFrame.ErrorFrame error -> {
                    switch (error.about()) {
                        case Correlation.None none -> {
                        }
                        case Correlation.Subscription subscription -> json.writeStringField("id", subscription.id());
                        case Correlation.Mutation mutation -> json.writeNumberField("mutationId", mutation.mutationId());
                    }
                    writeError(json, error.code(), error.message());
                }
                case ServerFrame.PongFrame pong -> {
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(frame.type() + " frame could not be written as JSON", e);
        }
        return out.toString();
    }

    private static void writeError(JsonGenerator json, ErrorCode code, String message) throws IOException {
        json.writeObjectFieldStart("error");
        json.writeStringField("code", code.name());
        json.writeStringField("message", message);
        json.writeEndObject();
    }
}
