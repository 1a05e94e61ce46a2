package dev.syncpack.benchmarks;

import java.util.function.LongConsumer;

/** The wire frames the socket benchmarks send, and a cheap reader of the timestamps they carry. */
final class Frames {

    static final String PING = "{\"type\":\"ping\"}";
    private static final String STAMP = "\"t\":";

    private Frames() {
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

    static boolean isDiff(String frame) {
        return frame.startsWith("{\"type\":\"diff\"");
    }

    static boolean isSnapshot(String frame) {
        return frame.startsWith("{\"type\":\"snapshot\"");
    }

    static boolean isPong(String frame) {
        return frame.startsWith("{\"type\":\"pong\"");
    }

    /** Hands every {@code "t":N} stamp in {@code frame} to {@code stamps}, without parsing the JSON. */
    static void stamps(String frame, LongConsumer stamps) {
        for (int at = frame.indexOf(STAMP); at >= 0; at = frame.indexOf(STAMP, at + 1)) {
            int digit = at + STAMP.length();
            boolean negative = digit < frame.length() && frame.charAt(digit) == '-';
            if (negative) {
                digit++;
            }
            long value = 0;
            int start = digit;
            while (digit < frame.length() && Character.isDigit(frame.charAt(digit))) {
                value = value * 10 + (frame.charAt(digit) - '0');
                digit++;
            }
            if (digit > start) {
                stamps.accept(negative ? -value : value);
            }
        }
    }
}
