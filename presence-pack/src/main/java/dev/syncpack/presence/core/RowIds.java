package dev.syncpack.presence.core;

/**
 * Joins key parts into one opaque string so that different tuples never give the same string:
 * each part has {@code %} and {@code :} percent-escaped before the parts are joined with {@code :}.
 */
final class RowIds {

    private RowIds() {
    }

    /**
     * {@link #join(String...)} of four parts. Every published session row asks for one, so parts
     * with nothing to escape are joined without an array.
     */
    static String join(String first, String second, String third, String fourth) {
        if (isPlain(first) && isPlain(second) && isPlain(third) && isPlain(fourth)) {
            return first + ':' + second + ':' + third + ':' + fourth;
        }
        return join(new String[] {first, second, third, fourth});
    }

    static String join(String... parts) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                id.append(':');
            }
            escapeInto(parts[i], id);
        }
        return id.toString();
    }

    private static boolean isPlain(String part) {
        return part.indexOf('%') < 0 && part.indexOf(':') < 0;
    }

    private static void escapeInto(String part, StringBuilder out) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case ':' -> out.append("%3A");
                default -> out.append(c);
            }
        }
    }
}
