package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Over real sockets: a token's workspace is the only scope its connection ever reads or writes,
 * channel-prefix tricks reach nothing outside the token's prefixes, and every limit is a typed
 * refusal that leaves other clients served and the server holding nothing for the offender.
 */
@Timeout(60)
class ServerIsolationAndLimitsTest {

    private static final Pattern GAUGE = Pattern.compile("(?m)^(syncpack_connections|syncpack_subscriptions) (\\S+)$");

    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode subscribe(TestSocket socket, String id, String channel) {
        socket.send("{'type':'subscribe','id':'" + id + "','collection':'presence','params':{'channel':'" + channel + "'}}");
        return socket.await(frame -> id.equals(frame.path("id").asText()));
    }

    private static JsonNode mutate(TestSocket socket, int id, String name, String args) {
        socket.send("{'type':'mutate','mutationId':" + id + ",'name':'presence:" + name + "','args':" + args + "}");
        return socket.await(frame -> frame.path("mutationId").asInt(-1) == id);
    }

    @Test
    void tokenForWorkspaceA_usedAgainstWorkspaceB_seesAndTouchesNothingOfB() {
        TestSocket alice = server.connect(server.token("alice", "ws-a"));
        TestSocket viewerA = server.connect(server.token("viewer", "ws-a"));
        TestSocket mallory = server.connect(server.token("mallory", "ws-b"));
        mutate(alice, 1, "heartbeat", "{'channel':'doc','session':'tab-1','state':{'name':'Alice'}}");
        subscribe(viewerA, "va", "doc");

        JsonNode snapshot = subscribe(mallory, "m", "doc");
        JsonNode smuggled = subscribe(mallory, "m2", "doc','workspaceId':'ws-a");
        JsonNode leave = mutate(mallory, 2, "leave", "{'channel':'doc','session':'tab-1'}");
        JsonNode leaveAll = mutate(mallory, 3, "leave", "{'channel':'doc','session':'*'}");
        mutate(mallory, 4, "heartbeat", "{'channel':'doc','state':{'name':'Mallory'}}");
        mutate(alice, 5, "cursor", "{'channel':'doc','session':'tab-1','cursor':1}");

        assertThat(snapshot.path("rows")).isEmpty();
        assertThat(smuggled.at("/error/code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(leave.at("/result/left").asBoolean()).isFalse();
        assertThat(leaveAll.at("/result/left").asBoolean()).isFalse();
        JsonNode aliceCursor = viewerA.await(frame -> frame.path("type").asText().equals("diff"));
        assertThat(aliceCursor.at("/changed/0/actorId").asText()).isEqualTo("alice");
        assertThat(viewerA.seen()).noneMatch(frame -> frame.toString().contains("mallory"));
        assertThat(mallory.seen()).noneMatch(frame -> frame.toString().contains("alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"team-b/doc", "team-ab/doc", "TEAM-A/doc", "team-a", "team\u2010a/doc"})
    void channelOutsideTheTokensPrefixes_isUnauthorized(String channel) {
        TestSocket ada = server.connect(server.token(new TokenClaims("ada", "ws", "Ada",
                Instant.now().plusSeconds(600), List.of("team-a/"))));

        JsonNode error = subscribe(ada, "s", channel);
        JsonNode reject = mutate(ada, 1, "heartbeat", "{'channel':'" + channel + "'}");

        assertThat(error.at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(reject.at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void pathLookingChannelInsideAPrefix_isItsOwnChannel_notTheOneItNames() {
        TestSocket bob = server.connect(server.token("bob", "ws"));
        mutate(bob, 1, "heartbeat", "{'channel':'team-b/doc'}");
        TestSocket ada = server.connect(server.token(new TokenClaims("ada", "ws", "Ada",
                Instant.now().plusSeconds(600), List.of("team-a/"))));

        JsonNode snapshot = subscribe(ada, "s", "team-a/../team-b/doc");

        assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.path("rows")).isEmpty();
    }

    @Test
    void oversizedState_isLimitExceeded_andTheSocketGoesOn() {
        TestSocket ada = server.connect(server.token("ada", "ws"));

        JsonNode reject = mutate(ada, 1, "heartbeat", "{'channel':'doc','state':{'bio':'" + "x".repeat(5_000) + "'}}");
        JsonNode accepted = mutate(ada, 2, "heartbeat", "{'channel':'doc','state':{'bio':'short'}}");

        assertThat(reject.at("/error/code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(reject.at("/error/message").asText()).contains("4096");
        assertThat(accepted.path("type").asText()).isEqualTo("ack");
    }

    @Test
    void oneChannelPastMaxChannelsPerActor_isLimitExceeded_andOtherActorsStillJoin() throws Exception {
        TestSocket ada = server.connect(server.token("ada", "ws"));
        for (int channel = 0; channel < 100; channel++) {
            ada.send("{'type':'mutate','mutationId':" + channel + ",'name':'presence:heartbeat','args':{'channel':'c"
                    + channel + "'}}");
        }
        ada.await(frame -> frame.path("mutationId").asInt(-1) == 99);
        Thread.sleep(100);

        JsonNode reject = mutate(ada, 100, "heartbeat", "{'channel':'c100'}");
        JsonNode bob = mutate(server.connect(server.token("bob", "ws")), 1, "heartbeat", "{'channel':'c100'}");

        assertThat(ada.seen()).filteredOn(frame -> frame.path("type").asText().equals("ack")).hasSize(100);
        assertThat(reject.at("/error/code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(reject.at("/error/message").asText()).contains("maxChannelsPerActor 100");
        assertThat(bob.path("type").asText()).isEqualTo("ack");
    }

    @Test
    void frameFlood_isRefusedThenClosedWith1008_whileABystanderIsServed_andNothingIsKeptForTheFlooder()
            throws InterruptedException {
        TestSocket bystander = server.connect(server.token("bystander", "ws"));
        subscribe(bystander, "b", "doc");
        TestSocket flooder = server.connect(server.token("flooder", "ws"));
        subscribe(flooder, "f", "doc");
        double[] before = gauges();

        int sent = 0;
        while (sent < 200 && flooder.sendUnlessClosed("{'type':'ping'}")) {
            sent++;
        }
        JsonNode refusal = flooder.await(frame -> frame.at("/error/code").asText().equals("LIMIT_EXCEEDED"));
        TestSocket.Closed closed = flooder.awaitClose();
        mutate(server.connect(server.token("writer", "ws")), 1, "heartbeat", "{'channel':'doc'}");

        assertThat(closed.code()).isEqualTo(1008);
        assertThat(refusal.at("/error/message").asText()).contains("too many frames");
        assertThat(bystander.await("diff").at("/added/0/actorId").asText()).isEqualTo("writer");
        bystander.send("{'type':'ping'}");
        bystander.await("pong");
        assertThat(awaitGauges(before[0], before[1] - 1)).isTrue();
    }

    @Test
    void floodArrivingInOneWrite_isReadWholeByItsSender_refusalsThenThe1008Close()
            throws IOException, InterruptedException {
        double[] before = gauges();
        try (RawSocket flooder = RawSocket.open(server.server().port(), server.token("flooder", "ws"))) {
            flooder.sendAll(Collections.nCopies(5_000, "{\"type\":\"ping\"}"));
            assertThat(awaitGauges(before[0], before[1])).as("the server let go of the flooder").isTrue();

            RawSocket.Ending ending = flooder.drainToEnd(TestSocket.WAIT);

            assertThat(ending.reset()).as("a reset makes a client that is still writing, like the JDK's, drop what it"
                    + " has not read yet").isFalse();
            assertThat(ending.closeCode()).hasValue(1008);
            assertThat(ending.texts()).first().asString().contains("pong");
            assertThat(ending.texts()).last().asString().contains("too many frames");
        }
    }

    /** @return true when the gauges reach the given values within 10 s */
    private boolean awaitGauges(double connectionsBefore, double subscriptionsAfter) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            double[] now = gauges();
            if (now[0] == connectionsBefore && now[1] == subscriptionsAfter) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private double[] gauges() {
        Matcher matcher = GAUGE.matcher(server.get("/metrics").body());
        double[] values = new double[2];
        while (matcher.find()) {
            values[matcher.group(1).equals("syncpack_connections") ? 0 : 1] = Double.parseDouble(matcher.group(2));
        }
        return values;
    }
}
