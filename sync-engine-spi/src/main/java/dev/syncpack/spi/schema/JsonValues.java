package dev.syncpack.spi.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Facts about JSON-shaped Java values (null, String, Boolean, Number, List, Map with String keys),
 * the values rows, arguments and parameters are made of.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * The size in bytes of {@code value} written as compact UTF-8 JSON, counted without writing it.
     *
     * @param value a JSON-shaped value
     * @return its encoded size
     * @throws IllegalArgumentException when {@code value} is not JSON-shaped
     */
    public static long encodedSize(Object value) {
        return switch (value) {
            case null -> 4;
            case String s -> stringSize(s);
            case Boolean b -> b ? 4 : 5;
            case Number n -> numberText(n).length();
            case List<?> list -> listSize(list);
            case Map<?, ?> map -> mapSize(map);
            default -> throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getName());
        };
    }

    /**
     * @param value any object
     * @return true when {@code value} is a finite number
     */
    public static boolean isFiniteNumber(Object value) {
        return switch (value) {
            case Double d -> Double.isFinite(d);
            case Float f -> Float.isFinite(f);
            case Number n -> true;
            case null, default -> false;
        };
    }

    private static long listSize(List<?> list) {
        long size = 2 + Math.max(0, list.size() - 1);
        for (Object item : list) {
            size += encodedSize(item);
        }
        return size;
    }

    private static long mapSize(Map<?, ?> map) {
        long size = 2 + Math.max(0, map.size() - 1);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("not a JSON object: a key is not a string");
            }
            size += stringSize(key) + 1 + encodedSize(entry.getValue());
        }
        return size;
    }

    private static String numberText(Number n) {
        return switch (n) {
            case BigDecimal d -> d.toString();
            case BigInteger i -> i.toString();
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue()) + ".0";
            default -> n.toString();
        };
    }

    private static long stringSize(String s) {
        long size = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                size += 2;
            } else if (c < 0x20) {
                size += 6;
            } else if (c < 0x80) {
                size += 1;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                size += 4;
                i++;
            } else {
                size += 3;
            }
        }
        return size;
    }
}
