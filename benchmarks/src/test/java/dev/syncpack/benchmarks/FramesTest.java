package dev.syncpack.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void stamps_readsEveryStateStampOfADiff() {
        List<Long> stamps = new ArrayList<>();

        Frames.stamps("{\"type\":\"diff\",\"id\":\"p\",\"version\":3,\"changed\":[{\"state\":{\"t\":123}},"
                + "{\"state\":{\"t\":-4}}],\"removed\":[]}", stamps::add);

        assertThat(stamps).containsExactly(123L, -4L);
    }

    @Test
    void stamps_ignoresFieldsThatOnlyStartWithT() {
        List<Long> stamps = new ArrayList<>();

        Frames.stamps("{\"type\":\"diff\",\"typing\":true,\"state\":{}}", stamps::add);

        assertThat(stamps).isEmpty();
    }

    @Test
    void heartbeat_isAMutateFrameCarryingTheStamp() {
        assertThat(Frames.heartbeat(7, "e2e", 42)).isEqualTo("{\"type\":\"mutate\",\"mutationId\":7,"
                + "\"name\":\"presence:heartbeat\",\"args\":{\"channel\":\"e2e\",\"state\":{\"t\":42}}}");
    }
}
