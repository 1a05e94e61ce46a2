package dev.syncpack.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.protocol.ServerFrame.AckFrame;
import dev.syncpack.engine.protocol.ServerFrame.ErrorFrame;
import dev.syncpack.engine.protocol.ServerFrame.PongFrame;
import dev.syncpack.engine.protocol.ServerFrame.RejectFrame;
import dev.syncpack.engine.protocol.ServerFrame.SnapshotFrame;
import dev.syncpack.spi.collection.SubscriptionEvent;
import dev.syncpack.spi.error.ErrorCode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The exact JSON of each server frame, type first. */
class FrameWriterTest {

    private static String json(String text) {
        return ConnectionHarness.json(text);
    }

    @Test
    void snapshot_carriesIdVersionAndRows() {
        assertThat(FrameWriter.write(new SnapshotFrame("p1", 12, List.of(Map.of("id", "r1")))))
                .isEqualTo(json("{'type':'snapshot','id':'p1','version':12,'rows':[{'id':'r1'}]}"));
    }

    @Test
    void diff_carriesAddedChangedAndRemoved() {
        SubscriptionEvent.Diff diff = new SubscriptionEvent.Diff(13, List.of(Map.of("id", "a")),
                List.of(Map.of("id", "c")), List.of(Map.of("id", "r")));

        assertThat(FrameWriter.diff("p1", diff, false)).isEqualTo(json("{'type':'diff','id':'p1','version':13,"
                + "'added':[{'id':'a'}],'changed':[{'id':'c'}],'removed':[{'id':'r'}]}"));
    }

    @Test
    void diff_forASubscriptionTakingPatches_sendsPatchesInPlaceOfChangedRows() {
        SubscriptionEvent.Diff diff = new SubscriptionEvent.Diff(13, List.of(), List.of(row("c", 2)), List.of(),
                List.of(new TreeMap<>(Map.of("id", "c", "n", 2L))));

        assertThat(FrameWriter.diff("p1", diff, true)).isEqualTo(json("{'type':'diff','id':'p1','version':13,"
                + "'added':[],'changed':[],'patched':[{'id':'c','n':2}],'removed':[]}"));
    }

    @Test
    void diff_withoutPatches_forASubscriptionTakingThem_sendsWholeRowsAndAnEmptyPatched() {
        SubscriptionEvent.Diff diff = new SubscriptionEvent.Diff(13, List.of(), List.of(row("c", 2)), List.of());

        assertThat(FrameWriter.diff("p1", diff, true)).isEqualTo(json("{'type':'diff','id':'p1','version':13,"
                + "'added':[],'changed':[{'id':'c','n':2,'label':'x'}],'patched':[],'removed':[]}"));
    }

    @Test
    void diff_forASubscriptionNotTakingPatches_sendsWholeRowsEvenWhenThereArePatches() {
        SubscriptionEvent.Diff diff = new SubscriptionEvent.Diff(13, List.of(), List.of(row("c", 2)), List.of(),
                List.of(new TreeMap<>(Map.of("id", "c", "n", 2L))));
        FrameWriter.diff("p1", diff, true);

        assertThat(FrameWriter.diff("p1", diff, false)).isEqualTo(json("{'type':'diff','id':'p1','version':13,"
                + "'added':[],'changed':[{'id':'c','n':2,'label':'x'}],'removed':[]}"));
    }

    @Test
    void diffOfAnEvent_writtenForTwoSubscriptions_carriesEachOnesId() {
        SubscriptionEvent.Diff diff = new SubscriptionEvent.Diff(14, List.of(), List.of(Map.of("id", "c")), List.of());

        String first = FrameWriter.diff("p1", diff, false);
        String second = FrameWriter.diff("sub \"2\"", diff, false);

        assertThat(first).isEqualTo(json("{'type':'diff','id':'p1','version':14,'added':[],'changed':[{'id':'c'}],"
                + "'removed':[]}"));
        assertThat(second).isEqualTo("{\"type\":\"diff\",\"id\":\"sub \\\"2\\\"\",\"version\":14,\"added\":[],"
                + "\"changed\":[{\"id\":\"c\"}],\"removed\":[]}");
    }

    @Test
    void diffOfAnEvent_writtenTwiceForOneId_isTheSameText() {
        SubscriptionEvent.Diff diff = new SubscriptionEvent.Diff(17, List.of(Map.of("id", "a")), List.of(), List.of());

        String first = FrameWriter.diff("p", diff, false);

        assertThat(FrameWriter.diff("p", diff, false)).isSameAs(first);
    }

    @Test
    void diffOfAnEvent_writtenAlternatelyWithAndWithoutPatches_isWrittenOncePerForm() {
        SubscriptionEvent.Diff diff = new SubscriptionEvent.Diff(18, List.of(), List.of(row("c", 2)), List.of(),
                List.of(new TreeMap<>(Map.of("id", "c", "n", 2L))));

        String patched = FrameWriter.diff("p", diff, true);
        String whole = FrameWriter.diff("p", diff, false);

        assertThat(FrameWriter.diff("p", diff, true)).isSameAs(patched);
        assertThat(FrameWriter.diff("p", diff, false)).isSameAs(whole);
    }

    @Test
    void diffOfAnotherEvent_isWrittenAfresh() {
        FrameWriter.diff("p1", new SubscriptionEvent.Diff(15, List.of(Map.of("id", "x")), List.of(), List.of()), false);

        assertThat(FrameWriter.diff("p1", new SubscriptionEvent.Diff(16, List.of(Map.of("id", "y")), List.of(),
                List.of()), false)).isEqualTo(json("{'type':'diff','id':'p1','version':16,'added':[{'id':'y'}],"
                + "'changed':[],'removed':[]}"));
    }

    private static Map<String, Object> row(String id, long n) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("n", n);
        row.put("label", "x");
        return row;
    }

    record Joined(String channel, int sessions) {
    }

    @Test
    void ack_writesARecordResultAsAnObject() {
        assertThat(FrameWriter.write(new AckFrame(7, new Joined("doc-1", 2))))
                .isEqualTo(json("{'type':'ack','mutationId':7,'result':{'channel':'doc-1','sessions':2}}"));
    }

    @Test
    void ack_withoutResult_writesNull() {
        assertThat(FrameWriter.write(new AckFrame(7, null))).isEqualTo(json("{'type':'ack','mutationId':7,'result':null}"));
    }

    @Test
    void ack_withAResultJacksonCannotWrite_throwsUnchecked() {
        Object selfReferencing = new Object() {
            public Object getSelf() {
                return this;
            }
        };

        assertThatThrownBy(() -> FrameWriter.write(new AckFrame(7, selfReferencing)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("ack frame could not be written as JSON");
    }

    @Test
    void reject_carriesCodeAndMessage() {
        assertThat(FrameWriter.write(new RejectFrame(7, ErrorCode.UNAUTHORIZED, "no \"entry\"")))
                .isEqualTo(json("{'type':'reject','mutationId':7,'error':{'code':'UNAUTHORIZED',"
                        + "'message':'no \\'entry\\''}}"));
    }

    @Test
    void error_carriesTheSubscriptionIdTheMutationIdOrNeither() {
        assertThat(FrameWriter.write(new ErrorFrame(new Correlation.Subscription("p1"), ErrorCode.BAD_FRAME, "m")))
                .isEqualTo(json("{'type':'error','id':'p1','error':{'code':'BAD_FRAME','message':'m'}}"));
        assertThat(FrameWriter.write(new ErrorFrame(new Correlation.Mutation(7), ErrorCode.BAD_FRAME, "m")))
                .isEqualTo(json("{'type':'error','mutationId':7,'error':{'code':'BAD_FRAME','message':'m'}}"));
        assertThat(FrameWriter.write(new ErrorFrame(Correlation.NONE, ErrorCode.BAD_FRAME, "m")))
                .isEqualTo(json("{'type':'error','error':{'code':'BAD_FRAME','message':'m'}}"));
    }

    @Test
    void pong_isJustItsType() {
        assertThat(FrameWriter.write(new PongFrame())).isEqualTo(json("{'type':'pong'}"));
    }
}
