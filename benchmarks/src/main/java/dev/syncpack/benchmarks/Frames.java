package dev.syncpack.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The wire frames the socket benchmarks send, and cheap readers of the frames that come back, on
 * their UTF-8 bytes.
 */
final class Frames {

    static final String PING = "{\"type\":\"ping\"}";
    private static final byte[] STAMP = ascii("\"t\":");
    private static final int[] STAMP_SHIFTS = shifts(STAMP);
    private static final byte[] DIFF = ascii("{\"type\":\"diff\"");
    private static final byte[] SNAPSHOT = ascii("{\"type\":\"snapshot\"");
    private static final byte[] PONG = ascii("{\"type\":\"pong\"");

    private Frames() {
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Subscribes as the browser client does, taking changed rows as patches. */
    static String subscribe(String channel) {
        return "{\"type\":\"subscribe\",\"id\":\"p\",\"collection\":\"presence\",\"params\":{\"channel\":\"" + channel
                + "\"},\"patches\":true}";
    }

    static String heartbeat(long mutationId, String channel, long stamp) {
        return "{\"type\":\"mutate\",\"mutationId\":" + mutationId + ",\"name\":\"presence:heartbeat\",\"args\":"
                + "{\"channel\":\"" + channel + "\",\"state\":{\"t\":" + stamp + "}}}";
    }

    static String join(long mutationId, String channel) {
        return "{\"type\":\"mutate\",\"mutationId\":" + mutationId + ",\"name\":\"presence:heartbeat\",\"args\":"
                + "{\"channel\":\"" + channel + "\"}}";
    }

    static String leave(long mutationId, String channel) {
        return "{\"type\":\"mutate\",\"mutationId\":" + mutationId + ",\"name\":\"presence:leave\",\"args\":"
                + "{\"channel\":\"" + channel + "\"}}";
    }

    static boolean isDiff(ByteBuffer frame) {
        return startsWith(frame, DIFF);
    }

    static boolean isSnapshot(ByteBuffer frame) {
        return startsWith(frame, SNAPSHOT);
    }

    static boolean isPong(ByteBuffer frame) {
        return startsWith(frame, PONG);
    }

    /**
     * Hands every {@code "t":N} stamp in {@code frame}'s UTF-8 bytes to {@code stamps}, without
     * decoding or parsing the JSON (no byte of a multi-byte character is ASCII, so a match is a
     * match in the text too). Leaves the buffer's position where it was. The search is Horspool's:
     * it looks at every fourth byte or so, as the clients of figure 7 read 100 MB/s on the cores the
     * server runs on.
     */
    static void stamps(ByteBuffer frame, LongConsumer stamps) {
        Bytes text = Bytes.of(frame);
        byte[] bytes = text.array();
        int to = text.to();
        int last = STAMP.length - 1;
        int at = text.from();
        while (at + last < to) {
            byte probe = bytes[at + last];
            if (probe != STAMP[last] || !matches(bytes, at, STAMP)) {
                at += STAMP_SHIFTS[probe & 0xFF];
                continue;
            }
            int digit = at + STAMP.length;
            boolean negative = digit < to && bytes[digit] == '-';
            if (negative) {
                digit++;
            }
            long value = 0;
            int start = digit;
            while (digit < to && bytes[digit] >= '0' && bytes[digit] <= '9') {
                value = value * 10 + (bytes[digit] - '0');
                digit++;
            }
            if (digit > start) {
                stamps.accept(negative ? -value : value);
            }
            at = digit;
        }
    }

    /** Horspool's table: how far the search may move when the probed byte is {@code b}. */
    private static int[] shifts(byte[] pattern) {
        int[] shifts = new int[256];
        Arrays.fill(shifts, pattern.length);
        for (int i = 0; i < pattern.length - 1; i++) {
            shifts[pattern[i] & 0xFF] = pattern.length - 1 - i;
        }
        return shifts;
    }

    private static boolean startsWith(ByteBuffer frame, byte[] prefix) {
        Bytes text = Bytes.of(frame);
        return text.to() - text.from() >= prefix.length && matches(text.array(), text.from(), prefix);
    }

    private static boolean matches(byte[] bytes, int at, byte[] expected) {
        return Arrays.equals(bytes, at, at + expected.length, expected, 0, expected.length);
    }

    /** A frame's bytes: {@code array[from, to)}. */
    private record Bytes(byte[] array, int from, int to) {

        /** The frame's backing array, or a copy of its bytes when it has none. */
        static Bytes of(ByteBuffer frame) {
            if (frame.hasArray()) {
                int from = frame.arrayOffset() + frame.position();
                return new Bytes(frame.array(), from, from + frame.remaining());
            }
            byte[] copy = new byte[frame.remaining()];
            frame.duplicate().get(copy);
            return new Bytes(copy, 0, copy.length);
        }
    }
}
