package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /metrics in Prometheus text, counting what real sockets do. */
@Timeout(30)
class MetricsTest {

    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rejectedFrame_isCountedByCode() {
        TestSocket ada = server.connect(server.token("ada", "acme"));

        ada.send("{'type':'dance'}");
        ada.await("error");

        assertThat(scrapeUntil(text -> text.contains("syncpack_frames_rejected_total{code=\"BAD_FRAME\"} 1.0")))
                .contains("syncpack_frames_rejected_total{code=\"BAD_FRAME\"} 1.0");
    }

    @Test
    void mutations_areCountedByNameAndOutcome_unknownNamesShareOneSeries() {
        TestSocket ada = server.connect(server.token("ada", "acme"));

        ada.send("{'type':'mutate','mutationId':1,'name':'presence:heartbeat','args':{'channel':'doc-1'}}");
        ada.send("{'type':'mutate','mutationId':2,'name':'presence:cursor','args':{'channel':'nowhere','cursor':1}}");
        ada.send("{'type':'mutate','mutationId':3,'name':'made:up','args':{}}");
        ada.await(frame -> frame.path("mutationId").asInt() == 3);

        assertThat(scrapeUntil(text -> text.contains("name=\"unknown\""))).contains(
                "syncpack_mutations_total{name=\"presence:heartbeat\",outcome=\"ok\"} 1.0",
                "syncpack_mutations_total{name=\"presence:cursor\",outcome=\"NOT_FOUND\"} 1.0",
                "syncpack_mutations_total{name=\"unknown\",outcome=\"NOT_FOUND\"} 1.0");
    }

    @Test
    void gauges_countConnectionsSubscriptionsSessionsAndChannels() {
        TestSocket ada = server.connect(server.token("ada", "acme"));
        TestSocket bob = server.connect(server.token("bob", "acme"));

        ada.send("{'type':'subscribe','id':'p1','collection':'presence','params':{'channel':'doc-1'}}");
        ada.send("{'type':'mutate','mutationId':1,'name':'presence:heartbeat','args':{'channel':'doc-1'}}");
        bob.send("{'type':'mutate','mutationId':1,'name':'presence:heartbeat','args':{'channel':'doc-2'}}");
        ada.await("ack");
        bob.await("ack");

        assertThat(scrapeUntil(text -> text.contains("syncpack_presence_sessions 2.0"))).contains("syncpack_connections 2.0", "syncpack_subscriptions 1.0",
                "syncpack_presence_sessions 2.0", "syncpack_presence_channels 2.0");
    }

    @Test
    void framesAndBytesSent_areCountedByType() {
        TestSocket ada = server.connect(server.token("ada", "acme"));

        ada.send("{'type':'ping'}");
        ada.await("pong");

        assertThat(scrapeUntil(text -> text.contains("syncpack_frames_sent_total{type=\"pong\"} 1.0")))
                .contains("syncpack_sent_bytes_total{type=\"pong\"} 15.0");
    }

    /** The observer hears a frame as it is queued, which can trail the client seeing it by a moment. */
    private String scrapeUntil(Predicate<String> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String text = server.get("/metrics").body();
        while (!done.test(text) && System.nanoTime() < deadline) {
            text = server.get("/metrics").body();
        }
        return text;
    }
}
