package dev.syncpack.spi.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.error.LimitExceededException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {

    private final Schema schema = Schema.builder()
            .field("name", Fields.string(5))
            .field("age", Fields.optional(Fields.integer()))
            .field("mood", Fields.optional(Fields.oneOf("happy", "sad")))
            .field("tags", Fields.optional(Fields.array(Fields.string(3), 2)))
            .field("state", Fields.optional(Fields.jsonObject(20)))
            .field("note", Fields.optional(Fields.nullable(Fields.string(10))))
            .build();

    @Test
    void validate_acceptsAValidObject() {
        schema.validate("test", Map.of("name", "Ada", "age", 36L, "mood", "happy", "tags", List.of("a"),
                "state", Map.of("x", 1)));
    }

    @Test
    void validate_missingRequiredField_isInvalidArgument() {
        assertThatThrownBy(() -> schema.validate("args of x", Map.of()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid args of x: field \"name\" is required");
    }

    @Test
    void validate_unknownField_isRejectedListingTheExpectedOnes() {
        assertThatThrownBy(() -> schema.validate("args of x", Map.of("name", "a", "nmae", "b")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("unknown field \"nmae\"; expected only [name, age, mood, tags, state, note]");
    }

    @Test
    void validate_unknownField_isReportedBeforeAProblemWithADeclaredOne() {
        assertThatThrownBy(() -> schema.validate("t", Map.of("age", 1.5, "nmae", "b")))
                .hasMessageContaining("unknown field \"nmae\"");
    }

    @Test
    void validate_severalProblems_reportTheFirstDeclaredField() {
        assertThatThrownBy(() -> schema.validate("t", Map.of("mood", "meh", "age", 1.5)))
                .hasMessage("Invalid t: field \"name\" is required");
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", "a", "mood", "meh", "age", 1.5)))
                .hasMessage("Invalid t: field \"age\" must be a whole number");
    }

    @Test
    void validate_wrongTypes_nameTheFieldAndTheRule() {
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", 1)))
                .hasMessage("Invalid t: field \"name\" must be a non-empty string");
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", "a", "age", 1.5)))
                .hasMessage("Invalid t: field \"age\" must be a whole number");
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", "a", "mood", "meh")))
                .hasMessage("Invalid t: field \"mood\" must be one of [happy, sad]");
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", "a", "tags", List.of(1))))
                .hasMessage("Invalid t: field \"tags\" item 0 must be a non-empty string");
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", "a", "state", List.of())))
                .hasMessage("Invalid t: field \"state\" must be a JSON object");
    }

    @Test
    void validate_overSizeLimits_isLimitExceededWithTheNumbers() {
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", "abcdef")))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("Invalid t: field \"name\" must be at most 5 characters long (was 6)");
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", "a", "tags", List.of("a", "b", "c"))))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("Invalid t: field \"tags\" must have at most 2 items (had 3)");
        assertThatThrownBy(() -> schema.validate("t", Map.of("name", "a", "state", Map.of("text", "0123456789abc"))))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("Invalid t: field \"state\" must be at most 20 bytes as JSON (was 24)");
    }

    @Test
    void validate_nullIsRejectedUnlessNullable() {
        Map<String, Object> withNulls = new LinkedHashMap<>();
        withNulls.put("name", "a");
        withNulls.put("note", null);
        schema.validate("t", withNulls);
        withNulls.put("age", null);
        assertThatThrownBy(() -> schema.validate("t", withNulls)).hasMessageContaining("field \"age\" must be a whole number");
    }

    @Test
    void validatePresent_checksOnlyTheFieldsGiven() {
        schema.validatePresent("t", Map.of("age", 3));
        assertThatThrownBy(() -> schema.validatePresent("t", Map.of("age", "3")))
                .hasMessageContaining("field \"age\" must be a whole number");
    }

    @Test
    void builder_rejectsAFieldDeclaredTwice() {
        assertThatThrownBy(() -> Schema.builder().field("a", Fields.any()).field("a", Fields.any()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("field \"a\" is declared twice");
    }

    @Test
    void fields_keepTheDeclarationOrderAndCannotBeChanged() {
        Map<String, FieldValidator> declared = new LinkedHashMap<>();
        declared.put("b", Fields.any());
        declared.put("a", Fields.any());
        Schema copied = new Schema(declared);
        declared.remove("b");

        assertThat(copied.fields().keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> copied.fields().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copied.fields().keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructor_rejectsAFieldWithoutValidator() {
        Map<String, FieldValidator> declared = new LinkedHashMap<>();
        declared.put("a", null);

        assertThatThrownBy(() -> new Schema(declared)).isInstanceOf(NullPointerException.class)
                .hasMessage("validator of field \"a\"");
    }

    @Test
    void integer_acceptsTheWholeNumberTypesAndNothingElse() {
        FieldValidator integer = Fields.integer();

        assertThat(List.<Object>of(1L, 1, (short) 1, (byte) 1))
                .allSatisfy(value -> assertThat(integer.check(value)).isEmpty());
        assertThat(Arrays.asList(1.0, 1.5f, "1", java.math.BigInteger.ONE, null))
                .allSatisfy(value -> assertThat(integer.check(value)).isPresent());
    }

    @Test
    void number_rejectsNonFiniteValues() {
        assertThat(Fields.number().check(Double.NaN)).isPresent();
        assertThat(Fields.number().check(Double.POSITIVE_INFINITY)).isPresent();
        assertThat(Fields.number().check(2.5)).isEmpty();
        assertThat(Fields.number().check("2")).isPresent();
    }

    @Test
    void encodedSize_countsCompactUtf8JsonBytes() {
        assertThat(JsonValues.encodedSize(Map.of())).isEqualTo(2);
        assertThat(JsonValues.encodedSize(Map.of("a", 1L))).isEqualTo("{\"a\":1}".length());
        assertThat(JsonValues.encodedSize(List.of(true, false))).isEqualTo("[true,false]".length());
        assertThat(JsonValues.encodedSize("é")).isEqualTo(4);
        assertThat(JsonValues.encodedSize("\"\n")).isEqualTo(6);
        assertThat(JsonValues.encodedSize("\u0001")).isEqualTo(8);
        assertThat(JsonValues.encodedSize("😀")).isEqualTo(6);
        assertThat(JsonValues.encodedSize(null)).isEqualTo(4);
    }

    @Test
    void encodedSize_rejectsNonJsonValues() {
        assertThatThrownBy(() -> JsonValues.encodedSize(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonValues.encodedSize(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
    }
}
