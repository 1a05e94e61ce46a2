package dev.syncpack.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionRowTest {

    private static final String[] FIELDS = {"id", "scope", "n"};

    private static SessionRow row(Object... values) {
        return new SessionRow(FIELDS, values);
    }

    private static Map<String, Object> linked(Object id, Object scope, Object n) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("scope", scope);
        map.put("n", n);
        return map;
    }

    @Test
    void equalsAndHashCode_matchAnyMapWithTheSameEntries() {
        SessionRow row = row("a", null, 1L);

        assertThat(row).isEqualTo(linked("a", null, 1L));
        assertThat(linked("a", null, 1L)).isEqualTo(row);
        assertThat(row.hashCode()).isEqualTo(linked("a", null, 1L).hashCode());
        assertThat(row).isEqualTo(row("a", null, 1L)).isNotEqualTo(row("a", null, 2L));
    }

    @Test
    void get_readsFieldsByNameAndNullForOthers() {
        SessionRow row = row("a", null, 1L);

        assertThat(row.get(new String("n"))).isEqualTo(1L);
        assertThat(row.containsKey("scope")).isTrue();
        assertThat(row.get("missing")).isNull();
        assertThat(row.containsKey("missing")).isFalse();
    }

    @Test
    void entries_keepTheFieldOrder() {
        assertThat(new ArrayList<>(row("a", "s", 1L).keySet())).containsExactly("id", "scope", "n");
    }

    @Test
    void put_isRejected() {
        assertThatThrownBy(() -> row("a", "s", 1L).put("n", 2L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructor_withAValueMissing_isRejected() {
        assertThatThrownBy(() -> new SessionRow(FIELDS, new Object[] {"a"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 fields but 1 values");
    }
}
