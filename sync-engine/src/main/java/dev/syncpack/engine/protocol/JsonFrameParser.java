package dev.syncpack.engine.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.syncpack.spi.error.BadFrameException;
import dev.syncpack.spi.error.LimitExceededException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a text frame into plain Java values: objects as {@link LinkedHashMap}, arrays as
 * {@link List}, integers as {@link Long} (or {@link java.math.BigInteger} beyond a long), decimals as
 * {@link Double}, and {@code true}/{@code false}/{@code null}. Thread-safe.
 */
final class JsonFrameParser {

    /** A long has 19 digits and a double needs about 25 chars; longer numbers are never legitimate. */
    private static final int MAX_NUMBER_LENGTH = 100;

    private final JsonFactory factory;

    JsonFrameParser(ConnectionLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxStringLength())
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * @param text the frame
     * @return the frame's object
     * @throws BadFrameException when the text is not exactly one JSON object, or holds an unpaired
     *     UTF-16 surrogate (no UTF-8 text frame can; answers echoing it could not be sent as UTF-8)
     * @throws LimitExceededException when it nests too deeply or holds a too-long string, name or number
     */
    Map<String, Object> parseObject(String text) {
        int unpaired = Utf8.firstUnpairedSurrogate(text);
        if (unpaired >= 0) {
            throw new BadFrameException("frame is not well-formed text: an unpaired UTF-16 surrogate at char " + unpaired
                    + "; send valid UTF-8 text");
        }
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadFrameException("frame is empty; send one JSON object such as {\"type\":\"ping\"}");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new BadFrameException("frame must be a JSON object such as {\"type\":\"ping\"}, not "
                        + describe(first));
            }
            Map<String, Object> frame = readObject(parser);
            if (parser.nextToken() != null) {
                throw new BadFrameException("frame holds more than one JSON value; send one object per frame");
            }
            return frame;
        } catch (StreamConstraintsException e) {
            throw new LimitExceededException("frame breaks a JSON limit of this connection (maxNestingDepth "
                    + factory.streamReadConstraints().getMaxNestingDepth() + ", maxStringLength "
                    + factory.streamReadConstraints().getMaxStringLength() + " chars, numbers up to "
                    + MAX_NUMBER_LENGTH + " chars): " + withoutJacksonSource(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new BadFrameException("frame is not valid JSON (" + e.getOriginalMessage() + " at column "
                    + e.getLocation().getColumnNr() + "); send one JSON object per text frame", e);
        } catch (IOException e) {
            throw new BadFrameException("frame could not be read: " + e.getMessage(), e);
        }
    }

    /** Drops Jackson's ", from `StreamReadConstraints.getMaxNestingDepth()`": the client cannot act on it. */
    private static String withoutJacksonSource(String message) {
        return message.replaceFirst(", from `[^`]*`\\)", ")");
    }

    private Object readValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> readInteger(parser);
            case VALUE_NUMBER_FLOAT -> readDecimal(parser);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new BadFrameException("unexpected JSON token " + token + "; send plain JSON");
        };
    }

    private Map<String, Object> readObject(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            object.put(name, readValue(parser, parser.nextToken()));
        }
        return object;
    }

    private List<Object> readArray(JsonParser parser) throws IOException {
        List<Object> array = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(readValue(parser, token));
        }
        return array;
    }

    private static Object readInteger(JsonParser parser) throws IOException {
        return switch (parser.getNumberType()) {
            case INT, LONG -> parser.getLongValue();
            default -> parser.getBigIntegerValue();
        };
    }

    private static Double readDecimal(JsonParser parser) throws IOException {
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw new BadFrameException("number " + parser.getText() + " is out of the range of a double; "
                    + "send a smaller number");
        }
        return value;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }
}
