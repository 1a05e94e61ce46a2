package dev.syncpack.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void encodedLength_countsOneToFourBytesPerCharacter() {
        assertThat(Utf8.encodedLength("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void encodedLength_unpairedSurrogate_countsAsItsThreeByteReplacement() {
        assertThat(Utf8.encodedLength("a\uD800")).isEqualTo(4);
    }

    @Test
    void frameLength_ofTheSameStringAgain_andThenOfAnother_isEachOnesSize() {
        String frame = "{\"type\":\"diff\",\"name\":\"é\"}";
        String other = "{\"type\":\"diff\",\"name\":\"e\"}";

        assertThat(Utf8.frameLength(frame)).isEqualTo(27);
        assertThat(Utf8.frameLength(frame)).isEqualTo(27);
        assertThat(Utf8.frameLength(other)).isEqualTo(26);
    }
}
