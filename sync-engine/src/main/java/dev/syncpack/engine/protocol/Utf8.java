package dev.syncpack.engine.protocol;

import java.util.concurrent.atomic.AtomicReference;

/** Measures text as UTF-8 without encoding it. */
final class Utf8 {

    /** The string measured last and its size: one frame text sent to many connections is measured once. */
    private static final AtomicReference<Measured> LAST = new AtomicReference<>();

    private record Measured(String text, long bytes) {
    }

    private Utf8() {
    }

    /**
     * {@link #encodedLength} of an outgoing frame, remembered for the next call with the same string
     * object, as when one diff frame goes to every subscriber of a channel.
     *
     * @param frame the frame text
     * @return its size in UTF-8 bytes
     */
    static long frameLength(String frame) {
        Measured last = LAST.get();
        if (last != null && last.text() == frame) {
            return last.bytes();
        }
        long bytes = encodedLength(frame);
        LAST.set(new Measured(frame, bytes));
        return bytes;
    }

    /**
     * @param text any text; an unpaired surrogate counts as the 3 bytes of its replacement
     * @return its size in UTF-8 bytes
     */
    static long encodedLength(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * @param text any text
     * @return the index of the first surrogate that is not half of a pair, or -1 when the text is
     *     well-formed UTF-16 and so has a UTF-8 encoding
     */
    static int firstUnpairedSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
