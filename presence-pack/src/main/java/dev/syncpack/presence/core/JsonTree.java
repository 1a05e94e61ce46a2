package dev.syncpack.presence.core;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Deep, unmodifiable copies of JSON-shaped values (null, String, Boolean, Number, List, Map).
 *
 * <p>A copy made here is never copied again: a session's state is copied each time a session is
 * built from it (every heartbeat builds a few), so copying a copy returns it as it is.
 */
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
            case FrozenList list -> list;
            case List<?> list -> copyList(list);
            case Map<?, ?> map -> copyObject(map);
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        };
    }

    /**
     * Copies a JSON object.
     *
     * @param object a JSON object
     * @return an unmodifiable deep copy keeping the key order; every empty object is one shared
     *     instance, since most sessions hold the empty state
     * @throws IllegalArgumentException when a key is not a string or a value is not JSON
     */
    public static Map<String, Object> copyObject(Map<?, ?> object) {
        if (object.isEmpty()) {
            return Map.of();
        }
        if (object instanceof FrozenObject frozen) {
            return frozen;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("not a JSON object: key " + entry.getKey() + " is not a string");
            }
            copy.put(key, copy(entry.getValue()));
        }
        return new FrozenObject(copy);
    }

    private static List<Object> copyList(List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object item : list) {
            copy.add(copy(item));
        }
        return new FrozenList(copy);
    }

    /** An object copied here: unmodifiable, and so are its values. */
    private static final class FrozenObject extends AbstractMap<String, Object> {
        private final Map<String, Object> members;

        FrozenObject(Map<String, Object> members) {
            this.members = Collections.unmodifiableMap(members);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return members.entrySet();
        }

        @Override
        public int size() {
            return members.size();
        }

        @Override
        public Object get(Object key) {
            return members.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return members.containsKey(key);
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            members.forEach(action);
        }
    }

    /** An array copied here: unmodifiable, and so are its items. */
    private static final class FrozenList extends AbstractList<Object> implements RandomAccess {
        private final List<Object> items;

        FrozenList(List<Object> items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }
    }
}
