package dev.syncpack.presence.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class JsonTreeTest {

    private static Map<String, Object> source() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("x", 1);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("name", "Ada");
        source.put("cursor", nested);
        source.put("tags", new ArrayList<>(List.of("a", "b")));
        return source;
    }

    @Test
    void copyObject_isEqualToItsSourceAndKeepsTheKeyOrder() {
        Map<String, Object> copy = JsonTree.copyObject(source());

        assertThat(copy).isEqualTo(source()).containsExactly(
                Map.entry("name", "Ada"), Map.entry("cursor", Map.of("x", 1)), Map.entry("tags", List.of("a", "b")));
        assertThat(copy.hashCode()).isEqualTo(source().hashCode());
    }

    @Test
    void copyObject_doesNotFollowLaterChangesToTheSource() {
        Map<String, Object> source = source();
        Map<String, Object> copy = JsonTree.copyObject(source);

        ((Map<String, Object>) source.get("cursor")).put("x", 2);
        ((List<Object>) source.get("tags")).add("c");
        source.put("name", "Grace");

        assertThat(copy).isEqualTo(source());
    }

    @Test
    void copyObject_isUnmodifiableAllTheWayDown() {
        Map<String, Object> copy = JsonTree.copyObject(source());

        assertThatThrownBy(() -> copy.put("name", "Grace")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue("Grace"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) copy.get("cursor")).put("x", 2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) copy.get("tags")).add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void copyingACopy_returnsItAsItIs() {
        Map<String, Object> copy = JsonTree.copyObject(source());

        assertThat(JsonTree.copyObject(copy)).isSameAs(copy);
        assertThat(JsonTree.copy(copy.get("tags"))).isSameAs(copy.get("tags"));
    }
}
