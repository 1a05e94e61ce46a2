package dev.syncpack.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void stamps_readsEveryStateStampOfADiff() {
        List<Long> stamps = new ArrayList<>();

        Frames.stamps(utf8("{\"type\":\"diff\",\"id\":\"p\",\"version\":3,\"changed\":[{\"state\":{\"t\":123}},"
                + "{\"state\":{\"t\":-4}}],\"removed\":[]}"), stamps::add);

        assertThat(stamps).containsExactly(123L, -4L);
    }

    @Test
    void stamps_ignoresFieldsThatOnlyStartWithT() {
        List<Long> stamps = new ArrayList<>();

        Frames.stamps(utf8("{\"type\":\"diff\",\"typing\":true,\"state\":{}}"), stamps::add);

        assertThat(stamps).isEmpty();
    }

    @Test
    void heartbeat_isAMutateFrameCarryingTheStamp() {
        assertThat(Frames.heartbeat(7, "e2e", 42)).isEqualTo("{\"type\":\"mutate\",\"mutationId\":7,"
                + "\"name\":\"presence:heartbeat\",\"args\":{\"channel\":\"e2e\",\"state\":{\"t\":42}}}");
    }

    @Test
    void stamps_readsOnlyTheFrameBetweenTheBuffersPositionAndLimit() {
        List<Long> stamps = new ArrayList<>();
        ByteBuffer frame = utf8("{\"t\":1}{\"state\":{\"t\":2}}{\"t\":3}");
        frame.position(7).limit(frame.limit() - 7);

        Frames.stamps(frame, stamps::add);

        assertThat(stamps).containsExactly(2L);
        assertThat(frame.position()).isEqualTo(7);
    }

    @Test
    void stamps_findsAStampAfterMultiByteCharacters() {
        List<Long> stamps = new ArrayList<>();

        Frames.stamps(utf8("{\"state\":{\"name\":\"Zoë 🚀\",\"t\":99}}"), stamps::add);

        assertThat(stamps).containsExactly(99L);
    }

    @Test
    void frameKinds_areReadFromTheTypeAtTheStart() {
        assertThat(Frames.isDiff(utf8("{\"type\":\"diff\",\"id\":\"p\"}"))).isTrue();
        assertThat(Frames.isSnapshot(utf8("{\"type\":\"snapshot\",\"id\":\"p\"}"))).isTrue();
        assertThat(Frames.isPong(utf8("{\"type\":\"pong\"}"))).isTrue();
        assertThat(Frames.isDiff(utf8("{\"type\":\"snapshot\"}"))).isFalse();
        assertThat(Frames.isPong(utf8("{\"ty"))).isFalse();
    }

    @Test
    void stamps_findsEveryStampWhateverBytesComeBeforeIt() {
        String[] fillers = {"", "\"", "t", "\"t", "\"t\"", ":", "tt\"\"", "\"t\":x", "é", "\"\"\"t"};
        for (String first : fillers) {
            for (String second : fillers) {
                String text = first + "{\"t\":1}" + second + "\"t\":22" + first + second + "\"t\":-333";
                List<Long> stamps = new ArrayList<>();

                Frames.stamps(utf8(text), stamps::add);

                assertThat(stamps).as(text).containsExactly(1L, 22L, -333L);
            }
        }
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
