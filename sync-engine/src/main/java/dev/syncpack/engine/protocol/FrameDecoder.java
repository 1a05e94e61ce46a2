package dev.syncpack.engine.protocol;

import dev.syncpack.spi.error.BadFrameException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Turns a parsed frame object into a {@link ClientFrame}, naming what to fix when it is malformed. */
final class FrameDecoder {

    private static final String TYPES = "subscribe, unsubscribe, mutate, ping";
    private static final List<String> SUBSCRIBE_FIELDS = List.of("type", "id", "collection", "params", "since",
            "patches");
    private static final List<String> UNSUBSCRIBE_FIELDS = List.of("type", "id");
    private static final List<String> MUTATE_FIELDS = List.of("type", "mutationId", "name", "args");
    private static final List<String> PING_FIELDS = List.of("type");

    private FrameDecoder() {
    }

    /**
     * @param frame the frame's JSON object
     * @return the frame
     * @throws BadFrameException when the type is missing or unknown, a field is missing, has the wrong
     *     type or is not allowed in that frame type
     */
    static ClientFrame decode(Map<String, Object> frame) {
        Object type = frame.get("type");
        if (type == null) {
            throw new BadFrameException("frame has no \"type\"; use one of " + TYPES);
        }
        if (!(type instanceof String name)) {
            throw new BadFrameException("\"type\" must be a string, one of " + TYPES + ", not " + describe(type));
        }
        return switch (name) {
            case "subscribe" -> {
                Fields fields = new Fields(name, frame, SUBSCRIBE_FIELDS);
                yield new ClientFrame.Subscribe(fields.nonEmptyString("id"), fields.nonEmptyString("collection"),
                        fields.optionalObject("params"), fields.optionalVersion("since"),
                        fields.optionalFlag("patches"));
            }
            case "unsubscribe" -> new ClientFrame.Unsubscribe(
                    new Fields(name, frame, UNSUBSCRIBE_FIELDS).nonEmptyString("id"));
            case "mutate" -> {
                Fields fields = new Fields(name, frame, MUTATE_FIELDS);
                yield new ClientFrame.Mutate(fields.integer("mutationId"), fields.nonEmptyString("name"),
                        fields.optionalObject("args"));
            }
            case "ping" -> {
                new Fields(name, frame, PING_FIELDS);
                yield new ClientFrame.Ping();
            }
            default -> throw new BadFrameException("unknown frame type \"" + name + "\"; use one of " + TYPES);
        };
    }

    /**
     * @param frame the frame's JSON object, well-formed or not
     * @return the subscription id or mutation id an error about this frame should carry, when usable
     */
    static Correlation correlationOf(Map<String, Object> frame) {
        Object type = frame.get("type");
        if (("subscribe".equals(type) || "unsubscribe".equals(type))
                && frame.get("id") instanceof String id && !id.isEmpty()) {
            return new Correlation.Subscription(id);
        }
        if ("mutate".equals(type) && frame.get("mutationId") instanceof Long mutationId) {
            return new Correlation.Mutation(mutationId);
        }
        return Correlation.NONE;
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "a string";
            case BigInteger i -> "an integer beyond the range of a long";
            case Number n -> n.toString();
            case Boolean b -> "a boolean";
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            default -> value.getClass().getSimpleName();
        };
    }

    /** The fields of one frame, checked against the fields its type allows. */
    private static final class Fields {
        private final String type;
        private final Map<String, Object> frame;

        Fields(String type, Map<String, Object> frame, List<String> allowed) {
            this.type = type;
            this.frame = frame;
            for (String field : frame.keySet()) {
                if (!allowed.contains(field)) {
                    throw new BadFrameException("unknown field \"" + field + "\" in this " + type
                            + " frame; allowed fields: " + String.join(", ", allowed));
                }
            }
        }

        String nonEmptyString(String field) {
            Object value = frame.get(field);
            if (value instanceof String s && !s.isEmpty()) {
                return s;
            }
            throw wrong(field, "a non-empty string", value);
        }

        long integer(String field) {
            Object value = frame.get(field);
            if (value instanceof Long l) {
                return l;
            }
            throw wrong(field, "an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE, value);
        }

        Map<String, Object> optionalObject(String field) {
            if (!frame.containsKey(field)) {
                return new LinkedHashMap<>();
            }
            Object value = frame.get(field);
            if (value instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked") // the parser builds every object as Map<String, Object>
                Map<String, Object> object = (Map<String, Object>) value;
                return object;
            }
            throw wrong(field, "a JSON object (leave it out for {})", value);
        }

        OptionalLong optionalVersion(String field) {
            if (!frame.containsKey(field)) {
                return OptionalLong.empty();
            }
            Object value = frame.get(field);
            if (value instanceof Long l && l >= 0) {
                return OptionalLong.of(l);
            }
            throw wrong(field, "a non-negative integer (leave it out for a fresh snapshot)", value);
        }

        boolean optionalFlag(String field) {
            if (!frame.containsKey(field)) {
                return false;
            }
            Object value = frame.get(field);
            if (value instanceof Boolean flag) {
                return flag;
            }
            throw wrong(field, "true or false (leave it out for false)", value);
        }

        private BadFrameException wrong(String field, String expected, Object value) {
            String got = frame.containsKey(field) ? describe(value) : "nothing";
            return new BadFrameException("\"" + field + "\" of this " + type + " frame must be " + expected
                    + ", got " + got);
        }
    }
}
