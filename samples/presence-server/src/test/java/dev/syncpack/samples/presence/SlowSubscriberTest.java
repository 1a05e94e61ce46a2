package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber that stops reading does not slow the others and is disconnected once more than
 * {@link PresenceServer#MAX_QUEUED_BYTES} of frames wait for it: closed with
 * {@value SyncSocket#TOO_SLOW}, then cut if it does not take the close.
 */
@Timeout(60)
class SlowSubscriberTest {

    private static final Pattern CONNECTIONS = Pattern.compile("(?m)^syncpack_connections (\\S+)$");
    private static final int WRITERS = 6;
    private static final String PAD = "p".repeat(3_900);

    /** Each change is its own diff here (no coalescing), so the stalled socket's queue fills fast. */
    private final TestServer server = TestServer.start("--diff-interval", "0ms");

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void stalledSubscriber_isDroppedPastTheQueueLimit_whileAFastOneGetsEveryChangePromptly() throws Exception {
        TestSocket fast = server.connect(server.token("fast", "ws"));
        fast.send("{'type':'subscribe','id':'f','collection':'presence','params':{'channel':'busy'}}");
        fast.await("snapshot");
        List<TestSocket> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(server.connect(server.token("writer" + w, "ws")));
        }
        try (RawSocket slow = RawSocket.open(server.server().port(), server.token("slow", "ws"))) {
            slow.send("{\"type\":\"subscribe\",\"id\":\"s\",\"collection\":\"presence\",\"params\":{\"channel\":\"busy\"}}");
            double connectionsWithSlow = connections();
            assertThat(connectionsWithSlow).isEqualTo(WRITERS + 2);

            int round = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (connections() == connectionsWithSlow && System.nanoTime() < deadline) {
                burst(writers, round++);
            }
            int lastRound = round - 1;

            assertThat(connections()).as("the stalled socket was dropped").isEqualTo(connectionsWithSlow - 1);
            Map<String, Integer> changesSeen = new HashMap<>();
            fast.await(frame -> {
                rows(frame).forEach(row -> changesSeen.merge(row.path("actorId").asText(), 1, Integer::sum));
                return changesSeen.size() == WRITERS
                        && changesSeen.values().stream().allMatch(count -> count == (lastRound + 1) * 100);
            });
            OptionalInt closeCode = slow.drainToEnd(Duration.ofSeconds(20)).closeCode();
            closeCode.ifPresent(code -> assertThat(code).isEqualTo(SyncSocket.TOO_SLOW));
        }
        fast.send("{'type':'ping'}");
        fast.await("pong");
    }

    /** Each writer sends its burst of 100 heartbeats of about 4 KB, then the buckets refill. */
    private static void burst(List<TestSocket> writers, int round) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            int n = round * 100 + i;
            for (TestSocket writer : writers) {
                writer.send("{'type':'mutate','mutationId':" + n + ",'name':'presence:heartbeat','args':{'channel':'busy',"
                        + "'session':'w','state':{'n':" + n + ",'pad':'" + PAD + "'}}}");
            }
        }
        for (TestSocket writer : writers) {
            writer.await(frame -> frame.path("mutationId").asInt() == round * 100 + 99);
        }
        Thread.sleep(2_100);
    }

    /** @return the rows a diff adds or changes; none for other frames */
    private static List<JsonNode> rows(JsonNode diff) {
        List<JsonNode> rows = new ArrayList<>();
        diff.path("added").forEach(rows::add);
        diff.path("changed").forEach(rows::add);
        return rows;
    }

    private double connections() {
        Matcher matcher = CONNECTIONS.matcher(server.get("/metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
