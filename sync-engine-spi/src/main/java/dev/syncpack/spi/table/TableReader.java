package dev.syncpack.spi.table;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one table's rows for hydration, trusted schedules and write-permission checks.
 * Implementations must be thread-safe.
 */
public interface TableReader {

    /**
     * @return every row of the table; meant for small tables and tests, collections should
     *     hydrate with a narrower query
     */
    List<Map<String, Object>> all();

    /**
     * @param key a row key as returned by {@link #key(Map)}
     * @return the stored row, or empty when absent
     */
    Optional<Map<String, Object>> get(Object key);

    /**
     * @param row a row of this table (whole, or at least its key fields)
     * @return its key; equal keys mean the same row
     */
    Object key(Map<String, Object> row);
}
