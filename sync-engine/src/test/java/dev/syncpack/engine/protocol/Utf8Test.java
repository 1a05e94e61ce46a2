package dev.syncpack.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    void encodedFrame_ofTheSameStringAgain_andThenOfAnother_isEachOnesBytes() {
        String frame = "{\"type\":\"diff\",\"name\":\"é\"}";
        String other = "{\"type\":\"diff\",\"name\":\"e\"}";

        assertThat(bytes(Utf8.encodedFrame(frame))).isEqualTo(frame.getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(Utf8.encodedFrame(frame))).isEqualTo(frame.getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(Utf8.encodedFrame(other))).isEqualTo(other.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodedFrame_readByOneCaller_isWholeForTheNext() {
        String frame = "{\"type\":\"diff\"}";
        ByteBuffer first = Utf8.encodedFrame(frame);
        first.position(first.limit());

        assertThat(Utf8.encodedFrame(frame).remaining()).isEqualTo(15);
    }

    @Test
    void encodedFrame_ofTwoFramesInTurn_encodesEachOnce() {
        String patched = "{\"type\":\"diff\",\"patched\":[]}";
        String whole = "{\"type\":\"diff\",\"changed\":[]}";
        byte[] patchedBytes = Utf8.encodedFrame(patched).array();
        byte[] wholeBytes = Utf8.encodedFrame(whole).array();

        assertThat(Utf8.encodedFrame(patched).array()).isSameAs(patchedBytes);
        assertThat(Utf8.encodedFrame(whole).array()).isSameAs(wholeBytes);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
