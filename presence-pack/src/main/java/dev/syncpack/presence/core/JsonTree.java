package dev.syncpack.presence.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, unmodifiable copies of JSON-shaped values (null, String, Boolean, Number, List, Map). */
public final class JsonTree {

    private JsonTree() {
    }

    /**
     * Copies any JSON value.
     *
     * @param value a JSON-shaped value
     * @return an unmodifiable deep copy; objects keep their key order
     * @throws IllegalArgumentException when {@code value} holds something that is not JSON
     */
    public static Object copy(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Number n -> n;
            case List<?> list -> copyList(list);
            case Map<?, ?> map -> copyObject(map);
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        };
    }

    /**
     * Copies a JSON object.
     *
     * @param object a JSON object
     * @return an unmodifiable deep copy keeping the key order
     * @throws IllegalArgumentException when a key is not a string or a value is not JSON
     */
    public static Map<String, Object> copyObject(Map<?, ?> object) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("not a JSON object: key " + entry.getKey() + " is not a string");
            }
            copy.put(key, copy(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static List<Object> copyList(List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object item : list) {
            copy.add(copy(item));
        }
        return Collections.unmodifiableList(copy);
    }
}
