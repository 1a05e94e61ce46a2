package dev.syncpack.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.spi.error.BadFrameException;
import dev.syncpack.spi.error.LimitExceededException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFrameParserTest {

    private final JsonFrameParser parser = new JsonFrameParser(ConnectionLimits.builder()
            .maxNestingDepth(4).maxStringLength(100).build());

    private Map<String, Object> parse(String text) {
        return parser.parseObject(ConnectionHarness.json(text));
    }

    @Test
    void parseObject_keepsFieldOrderInALinkedHashMap() {
        Map<String, Object> frame = parse("{'z':1,'a':2,'m':3}");

        assertThat(frame).isInstanceOf(LinkedHashMap.class);
        assertThat(frame.keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void parseObject_readsIntegersAsLong() {
        assertThat(parse("{'small':7,'big':9223372036854775807}"))
                .containsEntry("small", 7L).containsEntry("big", Long.MAX_VALUE);
    }

    @Test
    void parseObject_readsIntegersBeyondALongAsBigInteger() {
        assertThat(parse("{'n':9223372036854775808}")).containsEntry("n", new BigInteger("9223372036854775808"));
    }

    @Test
    void parseObject_readsDecimalsAsDouble() {
        assertThat(parse("{'d':1.5,'e':2e3}")).containsEntry("d", 1.5).containsEntry("e", 2000.0);
    }

    @Test
    void parseObject_readsArraysNestedObjectsAndNulls() {
        Map<String, Object> frame = parse("{'list':[1,'a',true,null,{'k':false}],'gone':null}");

        assertThat(frame.get("list")).isEqualTo(Arrays.asList(1L, "a", true, null, Map.of("k", false)));
        assertThat(frame).containsEntry("gone", null);
    }

    @Test
    void parseObject_decimalBeyondADouble_isABadFrame() {
        assertThatThrownBy(() -> parse("{'n':-1e400}"))
                .isInstanceOf(BadFrameException.class)
                .hasMessage("number -1e400 is out of the range of a double; send a smaller number");
    }

    @Test
    void parseObject_duplicateField_isABadFrame() {
        assertThatThrownBy(() -> parse("{'a':1,'a':2}"))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void parseObject_nestingDeeperThanTheLimit_isLimitExceeded() {
        assertThat(parse("{'a':{'b':{'c':[]}}}")).containsKey("a");

        assertThatThrownBy(() -> parse("{'a':{'b':{'c':[[]]}}}"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("maxNestingDepth 4")
                .hasMessageEndingWith("Document nesting depth (5) exceeds the maximum allowed (4)");
    }

    @Test
    void parseObject_stringLongerThanTheLimit_isLimitExceeded() {
        assertThat(parse("{'s':'" + "x".repeat(100) + "'}")).containsKey("s");

        assertThatThrownBy(() -> parse("{'s':'" + "x".repeat(101) + "'}"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("maxStringLength 100");
    }

    @Test
    void parseObject_fieldNameLongerThanTheLimit_isLimitExceeded() {
        assertThatThrownBy(() -> parse("{'" + "k".repeat(101) + "':1}"))
                .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void parseObject_numberWithMoreThan100Digits_isLimitExceeded() {
        assertThatThrownBy(() -> parse("{'n':" + "9".repeat(101) + "}"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("numbers up to 100 chars");
    }

    @Test
    void parseObject_reportsWhereTheJsonBroke() {
        assertThatThrownBy(() -> parse("{'a':}"))
                .isInstanceOf(BadFrameException.class)
                .hasMessageStartingWith("frame is not valid JSON (")
                .hasMessageContaining("at column 6");
    }

    @Test
    void parseObject_valuesAreMutableJavaCollections() {
        Map<String, Object> frame = parse("{'args':{'list':[1]}}");

        assertThat(frame.get("args")).isInstanceOf(LinkedHashMap.class);
        assertThat(((Map<?, ?>) frame.get("args")).get("list")).isInstanceOf(List.class);
    }
}
