package dev.syncpack.spi.schema;

import java.util.Objects;

/**
 * Why a value failed its {@link FieldValidator}.
 *
 * @param problem what the value must be, phrased to follow the field name, e.g. "must be a string"
 * @param limit true when the value is well-formed but over a size limit; reported as
 *     {@code LIMIT_EXCEEDED} instead of {@code INVALID_ARGUMENT}
 */
public record Violation(String problem, boolean limit) {

    /** @throws NullPointerException when {@code problem} is null */
    public Violation {
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * @param problem what the value must be
     * @return a violation of shape or type
     */
    public static Violation invalid(String problem) {
        return new Violation(problem, false);
    }

    /**
     * @param problem the limit and the size found
     * @return a violation of a size limit
     */
    public static Violation overLimit(String problem) {
        return new Violation(problem, true);
    }
}
