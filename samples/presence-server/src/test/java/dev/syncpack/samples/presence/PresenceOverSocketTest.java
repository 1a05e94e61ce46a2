package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The presence pack as the sample wires it: token user is the actor, token workspace the scope. */
@Timeout(30)
class PresenceOverSocketTest {

    private static final String SUBSCRIBE = "{'type':'subscribe','id':'p1','collection':'presence','params':{'channel':'doc-1'}}";
    private static final String HEARTBEAT = "{'type':'mutate','mutationId':1,'name':'presence:heartbeat',"
            + "'args':{'channel':'doc-1','session':'tab-1','state':{'name':'Grace'}}}";

    private final TestServer server = TestServer.start("--reconnect-grace", "200ms");

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void heartbeat_reachesTheOtherUserOfTheWorkspaceAsTheTokensActor() {
        TestSocket ada = server.connect(server.token("ada", "acme"));
        TestSocket grace = server.connect(server.token("grace", "acme"));
        ada.send(SUBSCRIBE);
        ada.await("snapshot");

        grace.send(HEARTBEAT);

        JsonNode added = ada.await(frame -> frame.path("added").size() == 1).path("added").get(0);
        assertThat(added.path("actorId").asText()).isEqualTo("grace");
        assertThat(added.path("scope").asText()).isEqualTo("acme");
        assertThat(added.path("state").path("name").asText()).isEqualTo("Grace");
    }

    @Test
    void stateChange_reachesAPatchSubscriberAsThePatchOfItsState_withNonAsciiTextIntact() {
        TestSocket ada = server.connect(server.token("ada", "acme"));
        TestSocket grace = server.connect(server.token("grace", "acme"));
        grace.send(HEARTBEAT);
        grace.await("ack");
        ada.send("{'type':'subscribe','id':'p1','collection':'presence','params':{'channel':'doc-1'},'patches':true}");
        ada.await("snapshot");

        grace.send("{'type':'mutate','mutationId':2,'name':'presence:heartbeat',"
                + "'args':{'channel':'doc-1','session':'tab-1','state':{'name':'Grâce 😀'}}}");

        JsonNode patch = ada.await(frame -> frame.path("patched").size() == 1).path("patched").get(0);
        assertThat(patch.fieldNames()).toIterable().containsExactly("id", "state");
        assertThat(patch.path("state").path("name").asText()).isEqualTo("Grâce 😀");
    }

    @Test
    void anotherWorkspace_neverSeesTheSession() {
        TestSocket stranger = server.connect(server.token("eve", "globex"));
        TestSocket grace = server.connect(server.token("grace", "acme"));
        stranger.send(SUBSCRIBE);
        stranger.await("snapshot");

        grace.send(HEARTBEAT);
        grace.await("ack");
        stranger.send("{'type':'subscribe','id':'p2','collection':'presence','params':{'channel':'doc-1'}}");

        assertThat(stranger.await("snapshot").path("rows").size()).isZero();
        assertThat(stranger.seen()).noneMatch(frame -> frame.path("type").asText().equals("diff"));
    }

    @Test
    void closedSocket_leavesAfterTheReconnectGrace() {
        TestSocket ada = server.connect(server.token("ada", "acme"));
        TestSocket grace = server.connect(server.token("grace", "acme"));
        ada.send(SUBSCRIBE);
        ada.await("snapshot");
        grace.send(HEARTBEAT);
        ada.await(frame -> frame.path("added").size() == 1);

        grace.close();

        JsonNode removed = ada.await(frame -> frame.path("removed").size() == 1).path("removed").get(0);
        assertThat(removed.path("actorId").asText()).isEqualTo("grace");
    }
}
