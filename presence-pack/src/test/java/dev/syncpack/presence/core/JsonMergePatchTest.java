package dev.syncpack.presence.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMergePatchTest {

    private static Map<String, Object> object(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void apply_rfc7386Example_givesTheRfcResult() {
        Map<String, Object> target = object("title", "Goodbye!",
                "author", object("givenName", "John", "familyName", "Doe"),
                "tags", List.of("example", "sample"),
                "content", "This will be unchanged");
        Map<String, Object> patch = object("title", "Hello!", "phoneNumber", "+01-123-456-7890",
                "author", object("familyName", null), "tags", List.of("example"));

        assertThat(JsonMergePatch.apply(target, patch)).isEqualTo(Map.of(
                "title", "Hello!",
                "author", Map.of("givenName", "John"),
                "tags", List.of("example"),
                "content", "This will be unchanged",
                "phoneNumber", "+01-123-456-7890"));
    }

    @Test
    void apply_rfc7386TestCases_allHold() {
        assertThat(JsonMergePatch.apply(object("a", "b"), object("a", "c"))).isEqualTo(Map.of("a", "c"));
        assertThat(JsonMergePatch.apply(object("a", "b"), object("b", "c"))).isEqualTo(Map.of("a", "b", "b", "c"));
        assertThat(JsonMergePatch.apply(object("a", "b"), object("a", null))).isEqualTo(Map.of());
        assertThat(JsonMergePatch.apply(object("a", "b", "b", "c"), object("a", null))).isEqualTo(Map.of("b", "c"));
        assertThat(JsonMergePatch.apply(object("a", List.of("b")), object("a", "c"))).isEqualTo(Map.of("a", "c"));
        assertThat(JsonMergePatch.apply(object("a", "c"), object("a", List.of("b")))).isEqualTo(Map.of("a", List.of("b")));
        assertThat(JsonMergePatch.apply(object("a", object("b", "c")), object("a", object("b", "d", "c", null))))
                .isEqualTo(Map.of("a", Map.of("b", "d")));
        assertThat(JsonMergePatch.apply(object("a", List.of(object("b", "c"))), object("a", List.of(1))))
                .isEqualTo(Map.of("a", List.of(1)));
        assertThat(JsonMergePatch.apply(List.of("a", "b"), List.of("c", "d"))).isEqualTo(List.of("c", "d"));
        assertThat(JsonMergePatch.apply(object("a", "b"), List.of("c"))).isEqualTo(List.of("c"));
        assertThat(JsonMergePatch.apply(object("a", "foo"), null)).isNull();
        assertThat(JsonMergePatch.apply(object("a", "foo"), "bar")).isEqualTo("bar");
        assertThat(JsonMergePatch.apply(object("e", null), object("a", 1))).isEqualTo(object("e", null, "a", 1));
        assertThat(JsonMergePatch.apply(List.of(1, 2), object("a", "b", "c", null))).isEqualTo(Map.of("a", "b"));
        assertThat(JsonMergePatch.apply(object(), object("a", object("bb", object("ccc", null)))))
                .isEqualTo(Map.of("a", Map.of("bb", Map.of())));
    }

    @Test
    void apply_leavesTargetAndPatchUntouched() {
        Map<String, Object> target = new HashMap<>(object("a", "b"));
        Map<String, Object> patch = new HashMap<>(object("a", null, "c", "d"));

        JsonMergePatch.apply(target, patch);

        assertThat(target).isEqualTo(Map.of("a", "b"));
        assertThat(patch).containsEntry("a", null).containsEntry("c", "d");
    }

    @Test
    void apply_result_isUnmodifiable() {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) JsonMergePatch.apply(object(), object("a", 1));

        assertThatThrownBy(() -> result.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void apply_arrayWithNulls_keepsThem() {
        assertThat(JsonMergePatch.apply(object(), object("a", Arrays.asList(1, null))))
                .isEqualTo(object("a", Arrays.asList(1, null)));
    }

    @Test
    void apply_nonJsonValue_isRejected() {
        assertThatThrownBy(() -> JsonMergePatch.apply(object(), object("a", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON value");
    }
}
