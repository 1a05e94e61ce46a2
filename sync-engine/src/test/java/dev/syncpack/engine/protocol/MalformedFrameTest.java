package dev.syncpack.engine.protocol;

import static dev.syncpack.engine.protocol.ConnectionHarness.ADA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncpack.engine.protocol.ConnectionHarness.Client;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad frame gets an error frame saying what to fix, and the connection goes on. */
class MalformedFrameTest {

    private final ConnectionHarness harness = new ConnectionHarness();
    private final Client ada = harness.connect(ADA);

    @AfterEach
    void closeEngine() {
        harness.close();
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                bad("not JSON", "hello", "not valid JSON"),
                bad("truncated JSON", "{'type':'ping'", "not valid JSON"),
                bad("empty text", "", "frame is empty"),
                bad("an array", "[1,2]", "must be a JSON object"),
                bad("a string", "'ping'", "must be a JSON object"),
                bad("two objects", "{'type':'ping'} {'type':'ping'}", "more than one JSON value"),
                bad("a duplicate field", "{'type':'ping','type':'ping'}", "Duplicate field 'type'"),
                bad("no type", "{}", "no \"type\""),
                bad("type not a string", "{'type':7}", "\"type\" must be a string"),
                bad("unknown type", "{'type':'dance'}", "unknown frame type \"dance\"; use one of subscribe"),
                bad("unknown field on ping", "{'type':'ping','extra':1}", "unknown field \"extra\" in this ping frame"),
                bad("subscribe without id", "{'type':'subscribe','collection':'notes'}",
                        "\"id\" of this subscribe frame must be a non-empty string, got nothing"),
                bad("subscribe with numeric id", "{'type':'subscribe','id':1,'collection':'notes'}",
                        "\"id\" of this subscribe frame must be a non-empty string, got 1"),
                bad("subscribe with empty id", "{'type':'subscribe','id':'','collection':'notes'}",
                        "\"id\" of this subscribe frame must be a non-empty string, got a string"),
                bad("subscribe without collection", "{'type':'subscribe','id':'s1'}",
                        "\"collection\" of this subscribe frame must be a non-empty string, got nothing"),
                bad("subscribe with object collection", "{'type':'subscribe','id':'s1','collection':{}}",
                        "\"collection\" of this subscribe frame must be a non-empty string, got an object"),
                bad("subscribe with array params", "{'type':'subscribe','id':'s1','collection':'notes','params':[]}",
                        "\"params\" of this subscribe frame must be a JSON object (leave it out for {}), got an array"),
                bad("subscribe with null params", "{'type':'subscribe','id':'s1','collection':'notes','params':null}",
                        "\"params\" of this subscribe frame must be a JSON object (leave it out for {}), got null"),
                bad("subscribe with negative since", "{'type':'subscribe','id':'s1','collection':'notes','since':-1}",
                        "\"since\" of this subscribe frame must be a non-negative integer (leave it out for a fresh "
                                + "snapshot), got -1"),
                bad("subscribe with decimal since", "{'type':'subscribe','id':'s1','collection':'notes','since':1.5}",
                        "\"since\" of this subscribe frame must be a non-negative integer"),
                bad("subscribe with string since", "{'type':'subscribe','id':'s1','collection':'notes','since':'3'}",
                        "\"since\" of this subscribe frame must be a non-negative integer"),
                bad("subscribe with string patches", "{'type':'subscribe','id':'s1','collection':'notes','patches':'yes'}",
                        "\"patches\" of this subscribe frame must be true or false (leave it out for false), got a string"),
                bad("subscribe with unknown field", "{'type':'subscribe','id':'s1','collection':'notes','cursor':'x'}",
                        "unknown field \"cursor\" in this subscribe frame; allowed fields: type, id, collection, params, since, patches"),
                bad("unsubscribe without id", "{'type':'unsubscribe'}",
                        "\"id\" of this unsubscribe frame must be a non-empty string, got nothing"),
                bad("unsubscribe with boolean id", "{'type':'unsubscribe','id':true}",
                        "\"id\" of this unsubscribe frame must be a non-empty string, got a boolean"),
                bad("mutate without mutationId", "{'type':'mutate','name':'notes:add'}",
                        "\"mutationId\" of this mutate frame must be an integer"),
                bad("mutate with string mutationId", "{'type':'mutate','mutationId':'7','name':'notes:add'}",
                        "\"mutationId\" of this mutate frame must be an integer"),
                bad("mutate with decimal mutationId", "{'type':'mutate','mutationId':7.5,'name':'notes:add'}",
                        "got 7.5"),
                bad("mutate with huge mutationId", "{'type':'mutate','mutationId':123456789012345678901234567890,"
                        + "'name':'notes:add'}", "got an integer beyond the range of a long"),
                bad("mutate without name", "{'type':'mutate','mutationId':7}",
                        "\"name\" of this mutate frame must be a non-empty string, got nothing"),
                bad("mutate with numeric name", "{'type':'mutate','mutationId':7,'name':3}",
                        "\"name\" of this mutate frame must be a non-empty string, got 3"),
                bad("mutate with string args", "{'type':'mutate','mutationId':7,'name':'notes:add','args':'x'}",
                        "\"args\" of this mutate frame must be a JSON object"),
                bad("mutate with unknown field", "{'type':'mutate','mutationId':7,'name':'notes:add','operationId':'o'}",
                        "unknown field \"operationId\" in this mutate frame"),
                bad("an unpaired surrogate in a field name", "{'type':'ping','\uD83D':1}",
                        "frame is not well-formed text: an unpaired UTF-16 surrogate at char 16; send valid UTF-8 text"),
                bad("an unpaired surrogate in a string", "{'type':'unsubscribe','id':'s\uDE00'}",
                        "an unpaired UTF-16 surrogate at char 29"),
                bad("a number beyond a double", "{'type':'mutate','mutationId':7,'name':'notes:add','args':{'n':1e400}}",
                        "number 1e400 is out of the range of a double"),
                overLimit("a frame over 64 KiB", "{'type':'ping','pad':'" + "x".repeat(70_000) + "'}",
                        "frame of 70024 bytes is larger than the 65536 bytes a frame may have (maxFrameBytes)"),
                overLimit("a frame over 64 KiB in UTF-8 but not in chars", "{'type':'ping','pad':'"
                        + "é".repeat(33_000) + "'}", "frame of 66024 bytes"),
                overLimit("nesting deeper than 32", "{'type':'mutate','mutationId':7,'name':'notes:add','args':{'a':"
                        + "[".repeat(40) + "]".repeat(40) + "}}", "maxNestingDepth 32"),
                overLimit("a string over 16 KiB chars", "{'type':'mutate','mutationId':7,'name':'notes:add',"
                        + "'args':{'text':'" + "y".repeat(20_000) + "'}}", "maxStringLength 16384"));
    }

    private static Arguments bad(String what, String frame, String message) {
        return Arguments.of(what, frame, "BAD_FRAME", message);
    }

    private static Arguments overLimit(String what, String frame, String message) {
        return Arguments.of(what, frame, "LIMIT_EXCEEDED", message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrame_isAnsweredWithErrorAndTheConnectionServesTheNextFrame(String what, String frame, String code,
                                                                        String message) {
        ada.send(frame);

        List<JsonNode> answer = ada.take();
        assertThat(answer).hasSize(1);
        assertThat(answer.getFirst().path("type").asText()).isEqualTo("error");
        assertThat(answer.getFirst().at("/error/code").asText()).isEqualTo(code);
        assertThat(answer.getFirst().at("/error/message").asText()).contains(message);

        ada.send("{'type':'subscribe','id':'s1','collection':'notes'}");

        assertThat(ada.take()).extracting(next -> next.path("type").asText()).containsExactly("snapshot");
        assertThat(ada.sink().closes()).isEmpty();
    }

    @Test
    void badSubscribe_withUsableId_carriesTheId() {
        ada.send("{'type':'subscribe','id':'s1','collection':'notes','params':7}");

        assertThat(ada.take().getFirst().path("id").asText()).isEqualTo("s1");
    }

    @Test
    void badMutate_withUsableMutationId_carriesTheMutationId() {
        ada.send("{'type':'mutate','mutationId':9,'name':'notes:add','args':[]}");

        assertThat(ada.take().getFirst().path("mutationId").asLong()).isEqualTo(9);
    }

    @Test
    void badFrame_withoutUsableId_carriesNoId() {
        ada.send("{'type':'subscribe','id':5,'collection':'notes'}");

        JsonNode error = ada.take().getFirst();
        assertThat(error.has("id")).isFalse();
        assertThat(error.has("mutationId")).isFalse();
    }
}
