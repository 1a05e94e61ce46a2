package dev.syncpack.engine.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Measures text as UTF-8, and encodes outgoing frames once however many connections send them. */
final class Utf8 {

    /**
     * The two frames encoded last: one diff frame text sent to every subscriber of a channel is
     * encoded once, and once more for subscribers taking the other form of the diff (patches or
     * whole rows), however their subscriptions interleave.
     */
    private static final AtomicReferenceArray<Encoded> LAST = new AtomicReferenceArray<>(2);
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

    private record Encoded(String text, ByteBuffer bytes) {
    }

    private Utf8() {
    }

    /**
     * The UTF-8 bytes of an outgoing frame, remembered for the next calls with the same string
     * object, as when one diff frame goes to every subscriber of a channel.
     *
     * @param frame the frame text, well-formed UTF-16 (frames never hold an unpaired surrogate)
     * @return a buffer over its bytes, the caller's own to move through; the bytes are shared, so
     *     they must never be written to
     */
    static ByteBuffer encodedFrame(String frame) {
        for (int slot = 0; slot < LAST.length(); slot++) {
            Encoded last = LAST.get(slot);
            if (last != null && last.text() == frame) {
                return last.bytes().duplicate();
            }
        }
        Encoded encoded = new Encoded(frame, encode(frame));
        LAST.set(NEXT_SLOT.getAndIncrement() & 1, encoded);
        return encoded.bytes().duplicate();
    }

    /**
     * @param text the text, well-formed UTF-16
     * @return a buffer over its UTF-8 bytes
     */
    static ByteBuffer encode(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
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
