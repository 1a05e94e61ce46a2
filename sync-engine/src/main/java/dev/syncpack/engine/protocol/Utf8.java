package dev.syncpack.engine.protocol;

/** Measures text as UTF-8 without encoding it. */
final class Utf8 {

    private Utf8() {
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
