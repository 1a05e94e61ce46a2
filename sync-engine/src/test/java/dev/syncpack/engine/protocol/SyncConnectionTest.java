package dev.syncpack.engine.protocol;

import static dev.syncpack.engine.protocol.ConnectionHarness.ADA;
import static dev.syncpack.engine.protocol.ConnectionHarness.BOB;
import static dev.syncpack.engine.protocol.ConnectionHarness.MALLORY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncpack.engine.protocol.ConnectionHarness.Client;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wire protocol over the real engine: subscriptions, mutations, ordering and teardown. */
class SyncConnectionTest {

    private final ConnectionHarness harness = new ConnectionHarness();
    private final Client ada = harness.connect(ADA);

    @AfterEach
    void closeEngine() {
        harness.close();
    }

    @Test
    void subscribe_isAnsweredWithSnapshotTaggedWithId() {
        harness.table.put(Map.of("id", "n1", "owner", "ada", "scope", "acme", "text", "hello"));

        ada.send("{'type':'subscribe','id':'s1','collection':'notes'}");

        List<JsonNode> frames = ada.take();
        assertThat(frames).hasSize(1);
        assertThat(frames.getFirst().path("type").asText()).isEqualTo("snapshot");
        assertThat(frames.getFirst().path("id").asText()).isEqualTo("s1");
        assertThat(frames.getFirst().path("version").asLong()).isZero();
        assertThat(frames.getFirst().path("rows").findValuesAsText("text")).containsExactly("hello");
    }

    @Test
    void subscribe_thenChange_sendsDiffTaggedWithIdAndVersion() {
        Client bob = harness.connect(BOB);
        ada.send("{'type':'subscribe','id':'s1','collection':'notes'}");
        ada.take();

        bob.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n1','text':'hi'}}");

        JsonNode diff = ada.take().getFirst();
        assertThat(diff.path("type").asText()).isEqualTo("diff");
        assertThat(diff.path("id").asText()).isEqualTo("s1");
        assertThat(diff.path("version").asLong()).isEqualTo(1);
        assertThat(diff.path("added").findValuesAsText("id")).containsExactly("n1");
        assertThat(diff.path("changed").isArray()).isTrue();
        assertThat(diff.path("removed").isArray()).isTrue();
    }

    @Test
    void subscribeWithPatches_thenEdit_sendsTheKeyAndChangedFieldsInPatched() {
        ada.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n1','text':'hi'}}");
        ada.send("{'type':'subscribe','id':'s1','collection':'notes','patches':true}");
        ada.take();

        ada.send("{'type':'mutate','mutationId':2,'name':'notes:edit','args':{'id':'n1','text':'bye'}}");

        JsonNode diff = ada.take().getFirst();
        assertThat(diff.path("changed").size()).isZero();
        assertThat(diff.path("patched").toString()).isEqualTo(ConnectionHarness.json("[{'id':'n1','text':'bye'}]"));
    }

    @Test
    void subscribeWithoutPatches_thenEdit_sendsTheWholeRowInChangedAndNoPatched() {
        ada.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n1','text':'hi'}}");
        ada.send("{'type':'subscribe','id':'s1','collection':'notes'}");
        ada.take();

        ada.send("{'type':'mutate','mutationId':2,'name':'notes:edit','args':{'id':'n1','text':'bye'}}");

        JsonNode diff = ada.take().getFirst();
        assertThat(diff.path("changed")).singleElement().satisfies(row -> assertThat(row.path("owner").asText())
                .isEqualTo("ada"));
        assertThat(diff.has("patched")).isFalse();
    }

    @Test
    void subscriptions_onOneConnection_areMultiplexedByTheirIds() {
        ada.send("{'type':'subscribe','id':'all','collection':'notes'}");
        ada.send("{'type':'subscribe','id':'mine','collection':'notes','params':{'owner':'ada'}}");
        ada.send("{'type':'subscribe','id':'count','collection':'note_count'}");
        ada.take();

        ada.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n1','text':'hi'}}");

        List<JsonNode> frames = ada.take();
        assertThat(frames.stream().filter(frame -> frame.path("type").asText().equals("diff"))
                .map(frame -> frame.path("id").asText())).containsExactlyInAnyOrder("all", "mine", "count");
        assertThat(frames.getLast().path("type").asText()).isEqualTo("ack");
    }

    @Test
    void unsubscribe_stopsEveryFrameOfThatSubscription() {
        ada.send("{'type':'subscribe','id':'s1','collection':'notes'}");
        ada.send("{'type':'unsubscribe','id':'s1'}");
        ada.take();

        ada.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n1','text':'hi'}}");

        assertThat(ada.take()).extracting(frame -> frame.path("type").asText()).containsExactly("ack");
        assertThat(harness.liveSubscriptions()).isZero();
    }

    @Test
    void unsubscribe_unknownId_answersNotFoundWithId() {
        ada.send("{'type':'unsubscribe','id':'nope'}");

        JsonNode error = ada.take().getFirst();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("id").asText()).isEqualTo("nope");
        assertThat(error.at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.at("/error/message").asText()).contains("no subscription \"nope\"");
    }

    @Test
    void subscribe_duplicateId_answersConflictAndKeepsTheFirst() {
        ada.send("{'type':'subscribe','id':'p1','collection':'notes'}");
        ada.take();

        ada.send("{'type':'subscribe','id':'p1','collection':'note_count'}");

        JsonNode error = ada.take().getFirst();
        assertThat(error.path("id").asText()).isEqualTo("p1");
        assertThat(error.at("/error/code").asText()).isEqualTo("CONFLICT");
        assertThat(error.at("/error/message").asText())
                .startsWith("subscription id \"p1\" is already in use on this connection");
        assertThat(harness.liveSubscriptions()).isEqualTo(1);
    }

    @Test
    void subscribe_unknownCollection_answersNotFoundWithId() {
        ada.send("{'type':'subscribe','id':'s1','collection':'nothing'}");

        JsonNode error = ada.take().getFirst();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("id").asText()).isEqualTo("s1");
        assertThat(error.at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.at("/error/message").asText()).contains("\"nothing\"");
    }

    @Test
    void subscribe_denied_answersUnauthorizedAndHoldsNoSubscription() {
        Client mallory = harness.connect(MALLORY);

        mallory.send("{'type':'subscribe','id':'s1','collection':'notes'}");

        JsonNode error = mallory.take().getFirst();
        assertThat(error.path("id").asText()).isEqualTo("s1");
        assertThat(error.at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(harness.liveSubscriptions()).isZero();
    }

    @Test
    void subscribe_invalidParams_answersInvalidArgument() {
        ada.send("{'type':'subscribe','id':'s1','collection':'notes','params':{'colour':'red'}}");

        assertThat(ada.take().getFirst().at("/error/code").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void subscribe_overTheSubscriptionLimit_answersLimitExceededNamingTheLimit() {
        Client limited = harness.connect(ADA, ConnectionLimits.builder().maxSubscriptions(2).build());
        limited.send("{'type':'subscribe','id':'a','collection':'notes'}");
        limited.send("{'type':'subscribe','id':'b','collection':'notes'}");
        limited.take();

        limited.send("{'type':'subscribe','id':'c','collection':'notes'}");

        JsonNode error = limited.take().getFirst();
        assertThat(error.path("id").asText()).isEqualTo("c");
        assertThat(error.at("/error/code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(error.at("/error/message").asText()).contains("maxSubscriptions", "2");
        assertThat(harness.liveSubscriptions()).isEqualTo(2);
    }

    @Test
    void subscribe_afterUnsubscribingAtTheLimit_succeeds() {
        Client limited = harness.connect(ADA, ConnectionLimits.builder().maxSubscriptions(1).build());
        limited.send("{'type':'subscribe','id':'a','collection':'notes'}");
        limited.send("{'type':'unsubscribe','id':'a'}");
        limited.take();

        limited.send("{'type':'subscribe','id':'a','collection':'notes'}");

        assertThat(limited.take()).extracting(frame -> frame.path("type").asText()).containsExactly("snapshot");
    }

    @Test
    void subscribe_withSinceCoveredByTheLogOnAViewKeptLive_sendsCatchUpDiff() {
        Client bob = harness.connect(BOB);
        bob.send("{'type':'subscribe','id':'keeper','collection':'scoped_notes'}");
        bob.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n0','text':'x'}}");
        ada.send("{'type':'subscribe','id':'s1','collection':'scoped_notes'}");
        long since = ada.take().getFirst().path("version").asLong();
        ada.send("{'type':'unsubscribe','id':'s1'}");
        bob.send("{'type':'mutate','mutationId':2,'name':'notes:add','args':{'id':'n1','text':'x'}}");

        ada.send("{'type':'subscribe','id':'s2','collection':'scoped_notes','since':" + since + "}");

        JsonNode catchUp = ada.take().getFirst();
        assertThat(catchUp.path("type").asText()).isEqualTo("diff");
        assertThat(catchUp.path("id").asText()).isEqualTo("s2");
        assertThat(catchUp.path("version").asLong()).isEqualTo(since + 1);
        assertThat(catchUp.path("changed").findValuesAsText("id")).containsExactly("n1");
    }

    @Test
    void mutate_sendsTheCallersDiffBeforeTheAck() {
        ada.send("{'type':'subscribe','id':'s1','collection':'notes'}");
        ada.take();

        ada.send("{'type':'mutate','mutationId':7,'name':'notes:add','args':{'id':'n1','text':'hi'}}");

        List<JsonNode> frames = ada.take();
        assertThat(frames).extracting(frame -> frame.path("type").asText()).containsExactly("diff", "ack");
        assertThat(frames.get(1).path("mutationId").asLong()).isEqualTo(7);
        assertThat(frames.get(1).path("result").path("id").asText()).isEqualTo("n1");
    }

    @Test
    void mutate_denied_isRejectedUnauthorized() {
        Client mallory = harness.connect(MALLORY);

        mallory.send("{'type':'mutate','mutationId':3,'name':'notes:add','args':{'id':'n1','text':'hi'}}");

        JsonNode reject = mallory.take().getFirst();
        assertThat(reject.path("type").asText()).isEqualTo("reject");
        assertThat(reject.path("mutationId").asLong()).isEqualTo(3);
        assertThat(reject.at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(reject.at("/error/message").asText()).contains("Not authorized");
    }

    @Test
    void mutate_handlerFails_isRejectedInternalWithoutItsDetailsOrAnyDiff() {
        ada.send("{'type':'subscribe','id':'s1','collection':'notes'}");
        ada.take();

        ada.send("{'type':'mutate','mutationId':4,'name':'notes:fail'}");

        List<JsonNode> frames = ada.take();
        assertThat(frames).extracting(frame -> frame.path("type").asText()).containsExactly("reject");
        JsonNode reject = frames.getFirst();
        assertThat(reject.path("mutationId").asLong()).isEqualTo(4);
        assertThat(reject.at("/error/code").asText()).isEqualTo("INTERNAL");
        assertThat(reject.at("/error/message").asText())
                .contains("mutation \"notes:fail\"")
                .doesNotContain("always fails");
    }

    @Test
    void mutate_unknownName_isRejectedNotFound() {
        ada.send("{'type':'mutate','mutationId':5,'name':'notes:fly','args':{}}");

        assertThat(ada.take().getFirst().at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void mutate_invalidArgs_isRejectedInvalidArgumentNamingTheField() {
        ada.send("{'type':'mutate','mutationId':6,'name':'notes:add','args':{'id':'n1','text':42}}");

        JsonNode reject = ada.take().getFirst();
        assertThat(reject.at("/error/code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(reject.at("/error/message").asText()).contains("text");
    }

    @Test
    void mutate_missingName_isAnErrorFrameCarryingTheMutationId() {
        ada.send("{'type':'mutate','mutationId':8,'args':{}}");

        JsonNode error = ada.take().getFirst();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("mutationId").asLong()).isEqualTo(8);
        assertThat(error.at("/error/code").asText()).isEqualTo("BAD_FRAME");
        assertThat(error.at("/error/message").asText()).contains("\"name\"");
    }

    @Test
    void ping_isAnsweredWithPong() {
        ada.send("{'type':'ping'}");

        assertThat(ada.take()).extracting(frame -> frame.path("type").asText()).containsExactly("pong");
    }

    @Test
    void binaryFrame_isAnsweredWithBadFrame() {
        ada.connection().onBinary(new byte[] {1, 2, 3});

        JsonNode error = ada.take().getFirst();
        assertThat(error.at("/error/code").asText()).isEqualTo("BAD_FRAME");
        assertThat(error.at("/error/message").asText()).contains("binary frames are not supported");
    }

    @Test
    void close_tearsDownEverySubscriptionAndTellsTheEngineOnce() {
        ada.send("{'type':'subscribe','id':'a','collection':'notes'}");
        ada.send("{'type':'subscribe','id':'b','collection':'note_count'}");

        ada.connection().close();
        ada.connection().close();

        assertThat(harness.liveSubscriptions()).isZero();
        assertThat(harness.closedConnections).containsExactly(ADA);
    }

    @Test
    void close_thenFrames_areIgnoredAndNothingIsSent() {
        ada.send("{'type':'subscribe','id':'a','collection':'scoped_notes'}");
        ada.connection().close();
        ada.take();

        ada.send("{'type':'ping'}");
        ada.send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n1','text':'hi'}}");
        harness.connect(BOB).send("{'type':'mutate','mutationId':1,'name':'notes:add','args':{'id':'n2','text':'hi'}}");

        assertThat(ada.take()).isEmpty();
        assertThat(harness.table.get("n1")).isEmpty();
    }
}
