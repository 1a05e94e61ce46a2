package dev.syncpack.spi.schema;

import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.error.LimitExceededException;
import dev.syncpack.spi.error.SyncException;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of a row, of a mutation's arguments or of a collection's parameters: a validator per
 * field. Fields not declared are rejected, so a typo never passes silently.
 *
 * @param fields validators by field name, in declaration order
 */
public record Schema(Map<String, FieldValidator> fields) {

    /** A schema with no fields: accepts only an empty object. */
    public static final Schema EMPTY = new Schema(Map.of());

    /**
     * Copies {@code fields} keeping their order.
     *
     * @throws NullPointerException when a field name or validator is null
     */
    public Schema {
        fields = fields instanceof DeclaredFields declared ? declared : new DeclaredFields(fields);
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
     * walked once, over arrays, allocating nothing: the walk counts the declared fields present and
     * keeps the first problem. Undeclared fields are looked for only when that count says there is
     * one, and are reported before the problem.
     */
    private void check(String subject, Map<String, Object> value, boolean presentOnly) {
        DeclaredFields declared = (DeclaredFields) fields;
        int present = 0;
        SyncException problem = null;
        for (int i = 0; i < declared.names.length; i++) {
            String name = declared.names[i];
            FieldValidator validator = declared.validators[i];
            Object fieldValue = value.get(name);
            if (fieldValue == null && !value.containsKey(name)) {
                if (problem == null && !presentOnly && !validator.optional()) {
                    problem = new InvalidArgumentException("Invalid " + subject + ": field \"" + name + "\" is required");
                }
                continue;
            }
            present++;
            if (problem == null) {
                Optional<Violation> bad = validator.check(fieldValue);
                if (bad.isPresent()) {
                    problem = violation(subject, name, bad.get());
                }
            }
        }
        if (present != value.size()) {
            for (String name : value.keySet()) {
                if (!fields.containsKey(name)) {
                    throw new InvalidArgumentException("Invalid " + subject + ": unknown field \"" + name
                            + "\"; expected only " + fields.keySet());
                }
            }
        }
        if (problem != null) {
            throw problem;
        }
    }

    /**
     * The declared fields: an unmodifiable map in declaration order, which also keeps the names and
     * validators as arrays for the walk of {@link #check}.
     */
    private static final class DeclaredFields extends AbstractMap<String, FieldValidator> {
        private final Map<String, FieldValidator> byName;
        private final String[] names;
        private final FieldValidator[] validators;

        DeclaredFields(Map<String, FieldValidator> fields) {
            Map<String, FieldValidator> copy = new LinkedHashMap<>();
            fields.forEach((name, validator) -> copy.put(Objects.requireNonNull(name, "field name"),
                    Objects.requireNonNull(validator, () -> "validator of field \"" + name + "\"")));
            this.byName = Collections.unmodifiableMap(copy);
            this.names = copy.keySet().toArray(String[]::new);
            this.validators = copy.values().toArray(FieldValidator[]::new);
        }

        @Override
        public Set<Entry<String, FieldValidator>> entrySet() {
            return byName.entrySet();
        }

        @Override
        public FieldValidator get(Object name) {
            return byName.get(name);
        }

        @Override
        public boolean containsKey(Object name) {
            return byName.containsKey(name);
        }

        @Override
        public int size() {
            return names.length;
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
            if (fields.putIfAbsent(name, Objects.requireNonNull(validator, "validator")) != null) {
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
