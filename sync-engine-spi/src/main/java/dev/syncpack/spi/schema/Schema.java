package dev.syncpack.spi.schema;

import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.error.LimitExceededException;
import dev.syncpack.spi.error.SyncException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a row, of a mutation's arguments or of a collection's parameters: a validator per
 * field. Fields not declared are rejected, so a typo never passes silently.
 *
 * @param fields validators by field name, in declaration order
 */
public record Schema(Map<String, FieldValidator> fields) {

    /** A schema with no fields: accepts only an empty object. */
    public static final Schema EMPTY = new Schema(Map.of());

    /** Copies {@code fields} keeping their order. */
    public Schema {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * Starts a schema.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks every declared field of {@code value} and rejects undeclared ones.
     *
     * @param subject what is checked, for the message, e.g. {@code arguments of mutation "x"}
     * @param value the object to check
     * @throws InvalidArgumentException naming the first bad field
     * @throws LimitExceededException when a field is over its size limit
     */
    public void validate(String subject, Map<String, Object> value) {
        check(subject, value, false);
    }

    /**
     * Checks only the fields present in {@code value} (for partial updates) and rejects undeclared
     * ones.
     *
     * @param subject what is checked, for the message
     * @param value the fields to check
     * @throws InvalidArgumentException naming the first bad field
     * @throws LimitExceededException when a field is over its size limit
     */
    public void validatePresent(String subject, Map<String, Object> value) {
        check(subject, value, true);
    }

    /**
     * Every mutation's arguments and every published row pass here, so the declared fields are
     * walked with {@code forEach}, which allocates no entry per field, and undeclared fields are
     * looked for only when the count of declared ones present says there is one.
     */
    private void check(String subject, Map<String, Object> value, boolean presentOnly) {
        int[] declaredPresent = new int[1];
        fields.forEach((name, validator) -> {
            if (value.containsKey(name)) {
                declaredPresent[0]++;
            }
        });
        if (declaredPresent[0] != value.size()) {
            for (String name : value.keySet()) {
                if (!fields.containsKey(name)) {
                    throw new InvalidArgumentException("Invalid " + subject + ": unknown field \"" + name
                            + "\"; expected only " + fields.keySet());
                }
            }
        }
        fields.forEach((name, validator) -> {
            Object fieldValue = value.get(name);
            if (fieldValue == null && !value.containsKey(name)) {
                if (!presentOnly && !validator.optional()) {
                    throw new InvalidArgumentException("Invalid " + subject + ": field \"" + name + "\" is required");
                }
                return;
            }
            Optional<Violation> bad = validator.check(fieldValue);
            if (bad.isPresent()) {
                throw violation(subject, name, bad.get());
            }
        });
    }

    private static SyncException violation(String subject, String field, Violation violation) {
        String message = "Invalid " + subject + ": field \"" + field + "\" " + violation.problem();
        return violation.limit() ? new LimitExceededException(message) : new InvalidArgumentException(message);
    }

    /** Collects fields in order. */
    public static final class Builder {
        private final Map<String, FieldValidator> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param name the field name
         * @param validator its validator
         * @return this builder
         * @throws IllegalArgumentException when {@code name} is already declared
         */
        public Builder field(String name, FieldValidator validator) {
            if (fields.putIfAbsent(name, java.util.Objects.requireNonNull(validator, "validator")) != null) {
                throw new IllegalArgumentException("field \"" + name + "\" is declared twice");
            }
            return this;
        }

        /** @return the schema */
        public Schema build() {
            return new Schema(fields);
        }
    }
}
