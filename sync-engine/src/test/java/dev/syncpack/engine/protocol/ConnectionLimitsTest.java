package dev.syncpack.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionLimitsTest {

    @Test
    void defaults_areTheDocumentedValues() {
        assertThat(ConnectionLimits.defaults())
                .isEqualTo(new ConnectionLimits(65_536, 256, 50, 100, 32, 16_384, 10));
    }

    @Test
    void builder_withNothingSet_buildsTheDefaults() {
        assertThat(ConnectionLimits.builder().build()).isEqualTo(ConnectionLimits.defaults());
    }

    @Test
    void builder_keepsWhatWasSetAndDefaultsTheRest() {
        ConnectionLimits limits = ConnectionLimits.builder().maxSubscriptions(3).framesPerSecond(7).build();

        assertThat(limits.maxSubscriptions()).isEqualTo(3);
        assertThat(limits.framesPerSecond()).isEqualTo(7);
        assertThat(limits.maxFrameBytes()).isEqualTo(65_536);
    }

    static Stream<Arguments> belowMinimum() {
        return Stream.of(
                below("maxFrameBytes must be at least 64 (was 63)", b -> b.maxFrameBytes(63)),
                below("maxSubscriptions must be at least 1 (was 0)", b -> b.maxSubscriptions(0)),
                below("framesPerSecond must be at least 1 (was 0)", b -> b.framesPerSecond(0)),
                below("burstFrames must be at least 1 (was -1)", b -> b.burstFrames(-1)),
                below("maxNestingDepth must be at least 2 (was 1)", b -> b.maxNestingDepth(1)),
                below("maxStringLength must be at least 1 (was 0)", b -> b.maxStringLength(0)),
                below("maxViolationsInRow must be at least 1 (was 0)", b -> b.maxViolationsInRow(0)));
    }

    private static Arguments below(String message, Consumer<ConnectionLimits.Builder> setter) {
        return Arguments.of(message, setter);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("belowMinimum")
    void builder_valueBelowItsMinimum_isRejectedAtOnceNamingIt(String message, Consumer<ConnectionLimits.Builder> set) {
        assertThatThrownBy(() -> set.accept(ConnectionLimits.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void constructor_valueBelowItsMinimum_isRejectedNamingIt() {
        assertThatThrownBy(() -> new ConnectionLimits(65_536, 256, 50, 0, 32, 16_384, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("burstFrames must be at least 1 (was 0)");
    }

    @Test
    void builder_valueSetTwice_isRejectedShowingTheEarlierValue() {
        ConnectionLimits.Builder builder = ConnectionLimits.builder().maxSubscriptions(5);

        assertThatThrownBy(() -> builder.maxSubscriptions(6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxSubscriptions was already set to 5");
    }
}
