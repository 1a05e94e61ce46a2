package dev.syncpack.engine.protocol;

import static dev.syncpack.engine.protocol.ConnectionHarness.ADA;
import static dev.syncpack.engine.protocol.ConnectionHarness.MALLORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.engine.protocol.ConnectionHarness.Client;
import dev.syncpack.spi.error.ErrorCode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a metrics observer hears, and how a connection is built. */
class SyncConnectionObserverTest {

    /** Records every call as a line. */
    private static final class RecordingObserver implements ConnectionObserver {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void frameRejected(ErrorCode code) {
            calls.add("rejected " + code);
        }

        @Override
        public void frameSent(String type, long bytes) {
            calls.add("sent " + type + " " + bytes);
        }

        @Override
        public void mutationAcknowledged(String name) {
            calls.add("ack " + name);
        }

        @Override
        public void mutationRejected(String name, ErrorCode code) {
            calls.add("reject " + name + " " + code);
        }
    }

    private final ConnectionHarness harness = new ConnectionHarness();
    private final RecordingObserver observer = new RecordingObserver();

    @AfterEach
    void closeEngine() {
        harness.close();
    }

    @Test
    void observer_hearsEverySentFrameWithItsUtf8Size() {
        Client ada = harness.connect(ADA, ConnectionLimits.defaults(), observer);

        ada.send("{'type':'ping'}");

        assertThat(observer.calls).containsExactly("sent pong 15");
    }

    @Test
    void observer_hearsRejectedFramesByCode() {
        Client ada = harness.connect(ADA, ConnectionLimits.defaults(), observer);

        ada.send("{'type':'dance'}");
        ada.send("{'type':'unsubscribe','id':'nope'}");

        assertThat(observer.calls).filteredOn(call -> call.startsWith("rejected"))
                .containsExactly("rejected BAD_FRAME", "rejected NOT_FOUND");
    }

    @Test
    void observer_hearsMutationOutcomesByName() {
        Client ada = harness.connect(ADA, ConnectionLimits.defaults(), observer);
        Client mallory = harness.connect(MALLORY, ConnectionLimits.defaults(), observer);

        ada.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n1','text':'hi'}}");
        mallory.send("{'type':'mutate','mutationId':2,'name':'notes:add','args':{'id':'n2','text':'x'}}");

        assertThat(observer.calls).filteredOn(call -> call.startsWith("ack") || call.startsWith("reject"))
                .containsExactly("ack notes:add", "reject notes:add UNAUTHORIZED");
    }

    @Test
    void observer_countsMultiByteCharactersInBytes() {
        Client ada = harness.connect(ADA, ConnectionLimits.defaults(), observer);

        ada.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n1','text':'é'}}");

        // the row's field order varies, its length does not; 'é' is 2 bytes in UTF-8
        String ack = "{\"type\":\"ack\",\"mutationId\":1,\"result\":{\"id\":\"n1\",\"owner\":\"ada\",\"scope\":\"acme\","
                + "\"text\":\"é\"}}";
        assertThat(observer.calls).contains("sent ack " + (ack.length() + 1));
    }

    @Test
    void builder_optionSetTwice_isRejectedShowingTheEarlierValue() {
        SyncConnection.Builder builder = SyncConnection.builder(harness.engine, ADA, new RecordingSink(), harness.clock)
                .limits(ConnectionLimits.defaults());

        assertThatThrownBy(() -> builder.limits(ConnectionLimits.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("limits were already set to ConnectionLimits[maxFrameBytes=65536");
    }
}
