package dev.syncpack.spi.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The field-validator kit. Each validator rejects {@code null} unless wrapped in
 * {@link #nullable(FieldValidator)}, and rejects absence unless wrapped in
 * {@link #optional(FieldValidator)}.
 */
public final class Fields {

    private Fields() {
    }

    /**
     * @param maxLength the largest accepted length in UTF-16 characters
     * @return a validator for non-empty strings of at most {@code maxLength} characters; a longer
     *     one is a limit violation
     * @throws IllegalArgumentException when {@code maxLength < 1}
     */
    public static FieldValidator string(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
        }
        return value -> {
            if (!(value instanceof String s) || s.isEmpty()) {
                return Optional.of(Violation.invalid("must be a non-empty string"));
            }
            return s.length() > maxLength
                    ? Optional.of(Violation.overLimit("must be at most " + maxLength
                            + " characters long (was " + s.length() + ")"))
                    : Optional.empty();
        };
    }

    /** @return a validator for finite numbers */
    public static FieldValidator number() {
        return value -> JsonValues.isFiniteNumber(value) ? Optional.empty()
                : Optional.of(Violation.invalid("must be a finite number"));
    }

    /**
     * @return a validator for whole numbers that fit a {@code long}; tested with {@code instanceof}, not
     *     a type switch, whose dispatch costs more in a check every published row makes several times
     */
    public static FieldValidator integer() {
        return value -> value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte ? Optional.empty() : Optional.of(Violation.invalid("must be a whole number"));
    }

    /** @return a validator for {@code true} and {@code false} */
    public static FieldValidator bool() {
        return value -> value instanceof Boolean ? Optional.empty()
                : Optional.of(Violation.invalid("must be true or false"));
    }

    /**
     * @param allowed the accepted strings
     * @return a validator accepting exactly these strings
     * @throws IllegalArgumentException when {@code allowed} is empty
     */
    public static FieldValidator oneOf(String... allowed) {
        if (allowed.length == 0) {
            throw new IllegalArgumentException("oneOf needs at least one allowed value");
        }
        Set<String> set = Set.of(allowed);
        String problem = "must be one of " + List.of(allowed);
        return value -> value instanceof String s && set.contains(s) ? Optional.empty()
                : Optional.of(Violation.invalid(problem));
    }

    /**
     * @param item the validator of each item
     * @param maxItems the largest accepted number of items
     * @return a validator for arrays whose items all pass {@code item}
     */
    public static FieldValidator array(FieldValidator item, int maxItems) {
        return value -> {
            if (!(value instanceof List<?> list)) {
                return Optional.of(Violation.invalid("must be an array"));
            }
            if (list.size() > maxItems) {
                return Optional.of(Violation.overLimit("must have at most " + maxItems
                        + " items (had " + list.size() + ")"));
            }
            for (int i = 0; i < list.size(); i++) {
                Optional<Violation> bad = item.check(list.get(i));
                if (bad.isPresent()) {
                    return Optional.of(new Violation("item " + i + " " + bad.get().problem(),
                            bad.get().limit()));
                }
            }
            return Optional.empty();
        };
    }

    /**
     * @param maxBytes the largest accepted size as compact UTF-8 JSON
     * @return a validator for JSON objects of at most {@code maxBytes}; a bigger one is a limit
     *     violation
     */
    public static FieldValidator jsonObject(long maxBytes) {
        return value -> {
            if (!(value instanceof Map<?, ?> map)) {
                return Optional.of(Violation.invalid("must be a JSON object"));
            }
            long size;
            try {
                size = JsonValues.encodedSize(map);
            } catch (IllegalArgumentException notJson) {
                return Optional.of(Violation.invalid("must be a JSON object"));
            }
            return size > maxBytes
                    ? Optional.of(Violation.overLimit("must be at most " + maxBytes
                            + " bytes as JSON (was " + size + ")"))
                    : Optional.empty();
        };
    }

    /** @return a validator that accepts any value, including null */
    public static FieldValidator any() {
        return value -> Optional.empty();
    }

    /**
     * @param inner the validator of a present value
     * @return a validator that also accepts the field being absent
     */
    public static FieldValidator optional(FieldValidator inner) {
        return new FieldValidator() {
            @Override
            public Optional<Violation> check(Object value) {
                return inner.check(value);
            }

            @Override
            public boolean optional() {
                return true;
            }
        };
    }

    /**
     * @param inner the validator of a non-null value
     * @return a validator that also accepts {@code null}
     */
    public static FieldValidator nullable(FieldValidator inner) {
        return new FieldValidator() {
            @Override
            public Optional<Violation> check(Object value) {
                return value == null ? Optional.empty() : inner.check(value);
            }

            @Override
            public boolean optional() {
                return inner.optional();
            }
        };
    }
}
