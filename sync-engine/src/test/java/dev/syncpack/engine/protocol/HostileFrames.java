package dev.syncpack.engine.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates hostile frames from a seed, each with the answer the wire protocol documents for it
 * (docs/design.md, "Wire protocol"): malformed text or JSON, non-objects, wrong types and unknown or
 * duplicate fields get a {@code BAD_FRAME} error (carrying the subscription id or mutation id when
 * one could be read); frames over the size limit or the JSON nesting, string or number limits get
 * {@code LIMIT_EXCEEDED}; binary frames get {@code BAD_FRAME}. Frames are aimed at the notes pack of
 * {@link ConnectionHarness}.
 */
final class HostileFrames {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALLOWED_FIELDS = List.of("type", "id", "collection", "params", "since",
            "mutationId", "name", "args");

    /** What a probe sends. */
    sealed interface Frame {
        /** @param text a text frame */
        record Text(String text) implements Frame {
        }

        /** @param bytes a binary frame */
        record Binary(byte[] bytes) implements Frame {
        }
    }

    /**
     * The documented answer: one frame of {@code type} with {@code code}, carrying {@code id} or
     * {@code mutationId} when not null. A null {@code type} accepts any single answer whose code, if
     * any, is not INTERNAL (for randomly mutated frames, which may turn valid).
     */
    record Expect(String type, String code, String id, Long mutationId) {
        static Expect error(String code) {
            return new Expect("error", code, null, null);
        }

        static final Expect ANY = new Expect(null, null, null, null);
    }

    /**
     * One hostile frame, its kind and its documented answer, after valid {@code setup} frames that
     * put the connection in the state the frame attacks.
     */
    record Probe(String kind, List<Frame> setup, Frame frame, Expect expect) {
        Probe(String kind, Frame frame, Expect expect) {
            this(kind, List.of(), frame, expect);
        }
    }

    private final SplittableRandom random;

    HostileFrames(SplittableRandom random) {
        this.random = random;
    }

    Probe next() {
        return switch (random.nextInt(16)) {
            case 0 -> garbage();
            case 1 -> truncated();
            case 2 -> notAnObject();
            case 3 -> deepNesting();
            case 4 -> hugeNumber();
            case 5 -> hugeString();
            case 6, 7 -> wrongType();
            case 8 -> unknownField();
            case 9 -> duplicateField();
            case 10 -> oversized();
            case 11 -> binary();
            case 12 -> unpairedSurrogate();
            case 13 -> bigButParsableNumber();
            case 14 -> duplicateSubscriptionId();
            default -> flipped();
        };
    }

    /** Text that is not JSON at all: it starts with a character no JSON value starts with. */
    private Probe garbage() {
        String starts = "}]):,#@<x!\u0000\u001f\uD800\uDFFF\u00e9\u4e2d";
        String text = starts.charAt(random.nextInt(starts.length())) + randomText(random.nextInt(2000));
        return new Probe("garbage", new Frame.Text(text), Expect.error("BAD_FRAME"));
    }

    /** A valid frame cut short: never a whole JSON object. */
    private Probe truncated() {
        String whole = write(validFrame());
        return new Probe("truncated", new Frame.Text(whole.substring(0, random.nextInt(whole.length()))),
                Expect.error("BAD_FRAME"));
    }

    private Probe notAnObject() {
        Object value = switch (random.nextInt(6)) {
            case 0 -> List.of(1, "a", List.of());
            case 1 -> randomText(random.nextInt(50));
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean();
            case 4 -> random.nextDouble() * 1e6;
            default -> null;
        };
        return new Probe("not an object", new Frame.Text(write(value)), Expect.error("BAD_FRAME"));
    }

    /**
     * Arrays or objects nested deeper than the 32 levels a frame may have, inside args or at the top;
     * a frame that is an array is malformed before it is deep.
     */
    private Probe deepNesting() {
        int depth = 33 + random.nextInt(3000);
        boolean arrays = random.nextBoolean();
        StringBuilder nested = new StringBuilder();
        nested.append((arrays ? "[" : "{\"a\":").repeat(depth)).append("1").append((arrays ? "]" : "}").repeat(depth));
        if (arrays && random.nextBoolean()) {
            return new Probe("deep arrays as the frame", new Frame.Text(nested.toString()), Expect.error("BAD_FRAME"));
        }
        String text = arrays ? "{\"type\":\"mutate\",\"mutationId\":1,\"name\":\"notes:add\",\"args\":{\"x\":"
                + nested + "}}" : nested.toString();
        return new Probe("deep nesting", new Frame.Text(text), Expect.error("LIMIT_EXCEEDED"));
    }

    /** A number longer than the 100 characters a frame's numbers may have, anywhere in the frame. */
    private Probe hugeNumber() {
        String digits = (random.nextBoolean() ? "-" : "") + "9" + digits(100 + random.nextInt(20_000));
        String text = switch (random.nextInt(3)) {
            case 0 -> "{\"type\":\"mutate\",\"mutationId\":" + digits + ",\"name\":\"notes:add\"}";
            case 1 -> "{\"type\":\"subscribe\",\"id\":\"s\",\"collection\":\"notes\",\"since\":" + digits + "}";
            default -> "{\"type\":\"mutate\",\"mutationId\":1,\"name\":\"notes:add\",\"args\":{\"n\":" + digits
                    + (random.nextBoolean() ? ".5e3" : "") + "}}";
        };
        return new Probe("huge number", new Frame.Text(text), Expect.error("LIMIT_EXCEEDED"));
    }

    /** A string or field name longer than the 16 384 characters a frame's strings may have. */
    private Probe hugeString() {
        String huge = "y".repeat(16_385 + random.nextInt(40_000));
        String text = random.nextBoolean()
                ? "{\"type\":\"mutate\",\"mutationId\":1,\"name\":\"notes:add\",\"args\":{\"text\":\"" + huge + "\"}}"
                : "{\"type\":\"ping\",\"" + huge + "\":1}";
        return new Probe("huge string", new Frame.Text(text), Expect.error("LIMIT_EXCEEDED"));
    }

    /** A valid frame with one field given a value of the wrong type (or an empty or unknown string). */
    private Probe wrongType() {
        Map<String, Object> frame = validFrame();
        List<String> fields = new ArrayList<>(frame.keySet());
        String field = fields.get(random.nextInt(fields.size()));
        frame.put(field, wrongValueFor(field));
        return new Probe("wrong type of " + field, new Frame.Text(write(frame)), badFrameAbout(frame));
    }

    private Probe unknownField() {
        Map<String, Object> frame = validFrame();
        String name;
        do {
            name = randomText(1 + random.nextInt(30));
        } while (ALLOWED_FIELDS.contains(name));
        frame.put(name, randomScalar());
        return new Probe("unknown field", new Frame.Text(write(frame)), badFrameAbout(frame));
    }

    /** The same field twice in one object: the parser rejects it before reading the frame. */
    private Probe duplicateField() {
        String whole = write(validFrame());
        String text = whole.substring(0, whole.length() - 1) + ",\"type\":\"ping\"}";
        return new Probe("duplicate field", new Frame.Text(text), Expect.error("BAD_FRAME"));
    }

    /** A frame over the 64 KiB limit, counted in UTF-8 bytes: it is refused before parsing. */
    private Probe oversized() {
        int chars = 65_537 + random.nextInt(150_000);
        String filler = random.nextBoolean() ? "z".repeat(chars) : randomText(chars);
        return new Probe("oversized", new Frame.Text("{\"type\":\"ping\",\"pad\":\"" + filler + "\"}"),
                Expect.error("LIMIT_EXCEEDED"));
    }

    /** Binary frames, mostly invalid UTF-8; over 64 KiB they are a limit violation instead. */
    private Probe binary() {
        byte[] bytes = new byte[random.nextInt(10) == 0 ? 65_537 + random.nextInt(10_000) : random.nextInt(4096)];
        random.nextBytes(bytes);
        return new Probe("binary", new Frame.Binary(bytes),
                Expect.error(bytes.length > 65_536 ? "LIMIT_EXCEEDED" : "BAD_FRAME"));
    }

    /**
     * Unpaired UTF-16 surrogates, which no valid UTF-8 text frame can carry, inside a frame that is
     * otherwise well formed: a broken adapter's text is refused as malformed.
     */
    private Probe unpairedSurrogate() {
        String lone = random.nextBoolean() ? "\uD83D" : "\uDE00";
        String text = switch (random.nextInt(3)) {
            case 0 -> "{\"type\":\"unsubscribe\",\"id\":\"s" + lone + "\"}";
            case 1 -> "{\"type\":\"ping\",\"" + lone + "\":1}";
            default -> "{\"type\":\"mutate\",\"mutationId\":3,\"name\":\"notes:add\",\"args\":{\"id\":\"" + lone
                    + "\",\"text\":\"t\"}}";
        };
        return new Probe("unpaired surrogate", new Frame.Text(text), Expect.error("BAD_FRAME"));
    }

    /** Numbers within the length limit but out of range: a mutation id beyond a long, 1e400. */
    private Probe bigButParsableNumber() {
        String big = new BigInteger(Long.toString(Long.MAX_VALUE)).add(BigInteger.valueOf(1 + random.nextInt(1000)))
                .multiply(BigInteger.TEN.pow(random.nextInt(70))).toString();
        return switch (random.nextInt(3)) {
            case 0 -> new Probe("mutationId beyond a long", new Frame.Text("{\"type\":\"mutate\",\"mutationId\":"
                    + big + ",\"name\":\"notes:add\"}"), Expect.error("BAD_FRAME"));
            case 1 -> new Probe("since beyond a long", new Frame.Text("{\"type\":\"subscribe\",\"id\":\"s9\","
                    + "\"collection\":\"notes\",\"since\":" + big + "}"), new Expect("error", "BAD_FRAME", "s9", null));
            default -> new Probe("decimal beyond a double", new Frame.Text("{\"type\":\"mutate\",\"mutationId\":4,"
                    + "\"name\":\"notes:add\",\"args\":{\"n\":1e" + (309 + random.nextInt(5000)) + "}}"),
                    Expect.error("BAD_FRAME"));
        };
    }

    /** A subscription id already in use on the connection: {@code CONFLICT}, naming the id. */
    private Probe duplicateSubscriptionId() {
        String id = "dup-" + random.nextInt(1_000_000);
        Frame subscribe = new Frame.Text(write(Map.of("type", "subscribe", "id", id, "collection",
                random.nextBoolean() ? "notes" : "note_count")));
        return new Probe("duplicate subscription id", List.of(subscribe), subscribe,
                new Expect("error", "CONFLICT", id, null));
    }

    /** A valid frame with a few characters replaced at random: it may stay valid, so any one answer will do. */
    private Probe flipped() {
        char[] text = write(validFrame()).toCharArray();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
            text[random.nextInt(text.length)] = (char) (32 + random.nextInt(95));
        }
        return new Probe("flipped", new Frame.Text(new String(text)), Expect.ANY);
    }

    /** A well-formed frame of a random type, as an ordered map. */
    Map<String, Object> validFrame() {
        Map<String, Object> frame = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> frame.put("type", "ping");
            case 1 -> {
                frame.put("type", "subscribe");
                frame.put("id", "s" + random.nextInt(1000));
                frame.put("collection", "notes");
                frame.put("params", new LinkedHashMap<>());
                if (random.nextBoolean()) {
                    frame.put("since", (long) random.nextInt(10));
                }
            }
            case 2 -> {
                frame.put("type", "unsubscribe");
                frame.put("id", "s" + random.nextInt(1000));
            }
            default -> {
                frame.put("type", "mutate");
                frame.put("mutationId", (long) random.nextInt(1_000_000));
                frame.put("name", "notes:nothing");
                frame.put("args", new LinkedHashMap<>(Map.of("id", "n1", "text", "t")));
            }
        }
        return frame;
    }

    /** The BAD_FRAME error a decoded-but-invalid frame gets, carrying the id the protocol can still read. */
    private static Expect badFrameAbout(Map<String, Object> frame) {
        Object type = frame.get("type");
        if (("subscribe".equals(type) || "unsubscribe".equals(type))
                && frame.get("id") instanceof String id && !id.isEmpty()) {
            return new Expect("error", "BAD_FRAME", id, null);
        }
        if ("mutate".equals(type) && frame.get("mutationId") instanceof Long mutationId) {
            return new Expect("error", "BAD_FRAME", null, mutationId);
        }
        return Expect.error("BAD_FRAME");
    }

    private Object wrongValueFor(String field) {
        List<Object> candidates = new ArrayList<>(List.of(List.of(1, 2), true));
        candidates.add(null);
        if (!field.equals("params") && !field.equals("args")) {
            candidates.add(Map.of("k", "v"));
        }
        switch (field) {
            case "type" -> candidates.addAll(List.of(7L, "", "Ping", "subscribe ", randomText(20)));
            case "id", "collection", "name" -> candidates.addAll(List.of(7L, 2.5, ""));
            case "mutationId" -> candidates.addAll(List.of("7", 7.5, new BigInteger("123456789012345678901234567890")));
            case "params", "args" -> candidates.addAll(List.of("x", 7L, 0.0));
            default -> candidates.addAll(List.of("3", -1L, 1.5, new BigInteger("99999999999999999999")));
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private Object randomScalar() {
        return switch (random.nextInt(4)) {
            case 0 -> randomText(10);
            case 1 -> random.nextLong();
            case 2 -> random.nextBoolean();
            default -> null;
        };
    }

    /** Random text of well-formed UTF-16: ASCII, control characters, accents, CJK and emoji. */
    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(32));
                case 1 -> text.append((char) (0xC0 + random.nextInt(0x180)));
                case 2 -> text.append((char) (0x4E00 + random.nextInt(0x5000)));
                case 3 -> text.appendCodePoint(0x1F600 + random.nextInt(80));
                default -> text.append((char) (32 + random.nextInt(95)));
            }
        }
        return text.toString();
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
