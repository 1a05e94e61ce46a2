package dev.syncpack.spi.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionEventTest {

    @Test
    void diff_withPatchesNotOnePerChangedRow_isRefused() {
        assertThatThrownBy(() -> new SubscriptionEvent.Diff(1, List.of(), List.of(Map.of("id", "a"), Map.of("id", "b")),
                List.of(), List.of(Map.of("id", "a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 patches for 2 changed rows; give one per changed row or none");
    }

    @Test
    void diff_withoutPatches_hasAnEmptyList() {
        assertThat(new SubscriptionEvent.Diff(1, List.of(), List.of(Map.of("id", "a")), List.of()).patches()).isEmpty();
    }
}
