package dev.syncpack.presence;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A presence row as an immutable map over one array of values, the fields in the fixed order of
 * {@link PresenceRows}. Every heartbeat publishes a row, so it costs two small objects instead of
 * a hash map with an entry per field; it behaves as any other unmodifiable {@link Map}.
 */
final class SessionRow extends AbstractMap<String, Object> {

    private final String[] fields;
    private final Object[] values;

    /**
     * @param fields the field names, shared by every row of one kind; never modified
     * @param values the values, one per field, null allowed; taken over, not copied
     */
    SessionRow(String[] fields, Object[] values) {
        if (fields.length != values.length) {
            throw new IllegalArgumentException(fields.length + " fields but " + values.length + " values");
        }
        this.fields = fields;
        this.values = values;
    }

    @Override
    public int size() {
        return fields.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int index = indexOf(key);
        return index < 0 ? null : values[index];
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return fields.length;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < fields.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= fields.length) {
                            throw new NoSuchElementException();
                        }
                        int index = next++;
                        return new SimpleImmutableEntry<>(fields[index], values[index]);
                    }
                };
            }
        };
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof SessionRow row && row.fields == fields) {
            return Arrays.equals(values, row.values);
        }
        return super.equals(other);
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = 0; i < fields.length; i++) {
            hash += fields[i].hashCode() ^ Objects.hashCode(values[i]);
        }
        return hash;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
