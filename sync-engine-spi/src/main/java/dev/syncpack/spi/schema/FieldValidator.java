package dev.syncpack.spi.schema;

import java.util.Optional;

/**
 * Checks one field of a row or of a mutation's arguments. Build validators with {@link Fields}.
 */
@FunctionalInterface
public interface FieldValidator {

    /**
     * @param value the field's value; {@code null} for a JSON null
     * @return empty when the value is acceptable, otherwise why not
     */
    Optional<Violation> check(Object value);

    /**
     * @return true when the field may be absent altogether
     */
    default boolean optional() {
        return false;
    }
}
