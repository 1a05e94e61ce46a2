package dev.syncpack.presence.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ActivityTest {

    @Test
    void wireName_roundTripsForEveryActivity() {
        for (Activity activity : Activity.values()) {
            assertThat(Activity.fromWireName(activity.wireName())).isEqualTo(activity);
        }
        assertThat(Activity.IDLE.wireName()).isEqualTo("idle");
    }

    @Test
    void fromWireName_unknownName_isRejected() {
        assertThatThrownBy(() -> Activity.fromWireName("ACTIVE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("activity must be active, idle or away, was ACTIVE");
    }
}
