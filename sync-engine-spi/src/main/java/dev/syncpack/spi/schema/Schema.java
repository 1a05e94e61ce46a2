package dev.syncpack.spi.schema;

import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.error.LimitExceededException;
import dev.syncpack.spi.error.SyncException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

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
     * walked once, with {@code forEach}, which allocates no entry per field: the walk counts the
     * declared fields present and keeps the first problem. Undeclared fields are looked for only
     * when that count says there is one, and are reported before the problem.
     */
    private void check(String subject, Map<String, Object> value, boolean presentOnly) {
        FieldCheck check = new FieldCheck(subject, value, presentOnly);
        fields.forEach(check);
        if (check.present != value.size()) {
            for (String name : value.keySet()) {
                if (!fields.containsKey(name)) {
                    throw new InvalidArgumentException("Invalid " + subject + ": unknown field \"" + name
                            + "\"; expected only " + fields.keySet());
                }
            }
        }
        if (check.problem != null) {
            throw check.problem;
        }
    }

    /** One walk of the declared fields over one value: how many are present, and the first problem. */
    private static final class FieldCheck implements BiConsumer<String, FieldValidator> {
        private final String subject;
        private final Map<String, Object> value;
        private final boolean presentOnly;
        private int present;
        private SyncException problem;

        FieldCheck(String subject, Map<String, Object> value, boolean presentOnly) {
            this.subject = subject;
            this.value = value;
            this.presentOnly = presentOnly;
        }

        @Override
        public void accept(String name, FieldValidator validator) {
            Object fieldValue = value.get(name);
            if (fieldValue == null && !value.containsKey(name)) {
                if (problem == null && !presentOnly && !validator.optional()) {
                    problem = new InvalidArgumentException("Invalid " + subject + ": field \"" + name + "\" is required");
                }
                return;
            }
            present++;
            if (problem == null) {
                validator.check(fieldValue).ifPresent(bad -> problem = violation(subject, name, bad));
            }
        }
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
