package dev.syncpack.engine.protocol;

import static dev.syncpack.engine.protocol.ConnectionHarness.ADA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncpack.engine.protocol.ConnectionHarness.Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Size and rate limits answer LIMIT_EXCEEDED; violations that go on close the socket with 1008. */
class ConnectionAbuseTest {

    private static final String PING = "{'type':'ping'}";
    private static final String OVERSIZED = "{'type':'ping','pad':'" + "x".repeat(100) + "'}";

    private final ConnectionHarness harness = new ConnectionHarness();

    @AfterEach
    void closeEngine() {
        harness.close();
    }

    private Client connect(ConnectionLimits.Builder limits) {
        return harness.connect(ADA, limits.maxFrameBytes(64).build());
    }

    @Test
    void frame_pastTheBurst_isAnsweredWithLimitExceededNamingTheRate() {
        Client ada = connect(ConnectionLimits.builder().framesPerSecond(1).burstFrames(3));
        ada.send(PING);
        ada.send(PING);
        ada.send(PING);

        ada.send(PING);

        JsonNode refusal = ada.take().getLast();
        assertThat(refusal.path("type").asText()).isEqualTo("error");
        assertThat(refusal.at("/error/code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(refusal.at("/error/message").asText()).contains("1 frames per second with bursts of 3");
    }

    @Test
    void frame_afterTheBucketRefilled_isServedAgain() {
        Client ada = connect(ConnectionLimits.builder().framesPerSecond(2).burstFrames(1));
        ada.send(PING);
        ada.send(PING);
        ada.take();

        harness.clock.advance(Duration.ofMillis(500));
        ada.send(PING);

        assertThat(ada.take()).extracting(frame -> frame.path("type").asText()).containsExactly("pong");
    }

    @Test
    void frame_beforeTheBucketRefilledOneToken_isStillRefused() {
        Client ada = connect(ConnectionLimits.builder().framesPerSecond(2).burstFrames(1));
        ada.send(PING);

        harness.clock.advance(Duration.ofMillis(499));
        ada.send(PING);

        assertThat(ada.take().getLast().at("/error/code").asText()).isEqualTo("LIMIT_EXCEEDED");
    }

    @Test
    void flood_goingOn_closesWith1008AndTearsDown() {
        Client ada = connect(ConnectionLimits.builder().framesPerSecond(1).burstFrames(2).maxViolationsInRow(3));
        ada.send("{'type':'subscribe','id':'s1','collection':'notes'}");
        ada.send(PING);

        ada.send(PING);
        ada.send(PING);
        assertThat(ada.sink().closes()).isEmpty();
        ada.send(PING);

        assertThat(ada.sink().closes()).hasSize(1);
        RecordingSink.Close close = ada.sink().closes().getFirst();
        assertThat(close.code()).isEqualTo(1008);
        assertThat(close.reason().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(harness.liveSubscriptions()).isZero();
        assertThat(harness.closedConnections).containsExactly(ADA);
    }

    @Test
    void frames_afterThePolicyClose_areIgnored() {
        Client ada = connect(ConnectionLimits.builder().maxViolationsInRow(1));
        ada.send(OVERSIZED);
        ada.take();

        harness.clock.advance(Duration.ofMinutes(1));
        ada.send(PING);

        assertThat(ada.take()).isEmpty();
    }

    @Test
    void oversizedFrames_inARow_closeWith1008() {
        Client ada = connect(ConnectionLimits.builder().maxViolationsInRow(2));

        ada.send(OVERSIZED);
        ada.send(OVERSIZED);

        assertThat(ada.take()).extracting(frame -> frame.at("/error/code").asText())
                .containsExactly("LIMIT_EXCEEDED", "LIMIT_EXCEEDED");
        assertThat(ada.sink().closes()).extracting(RecordingSink.Close::code).containsExactly(1008);
    }

    @Test
    void violations_brokenByAFrameWithinTheLimits_doNotClose() {
        Client ada = connect(ConnectionLimits.builder().maxViolationsInRow(2));

        ada.send(OVERSIZED);
        ada.send(PING);
        ada.send(OVERSIZED);

        assertThat(ada.sink().closes()).isEmpty();
    }

    @Test
    void badFrames_areNotLimitViolations() {
        Client ada = connect(ConnectionLimits.builder().maxViolationsInRow(1));

        ada.send("not json");
        ada.send("{'type':'dance'}");
        ada.connection().onBinary(new byte[] {1});

        assertThat(ada.sink().closes()).isEmpty();
    }

    @Test
    void binaryFrames_countAgainstTheRateLimit() {
        Client ada = connect(ConnectionLimits.builder().framesPerSecond(1).burstFrames(1));

        ada.connection().onBinary(new byte[] {1});
        ada.connection().onBinary(new byte[] {1});

        assertThat(ada.take()).extracting(frame -> frame.at("/error/code").asText())
                .containsExactly("BAD_FRAME", "LIMIT_EXCEEDED");
    }

    @Test
    void oversizedBinaryFrame_isALimitViolation() {
        Client ada = connect(ConnectionLimits.builder());

        ada.connection().onBinary(new byte[65]);

        assertThat(ada.take().getFirst().at("/error/message").asText()).contains("frame of 65 bytes");
    }
}
