package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.samples.presence.TestSocket.Closed;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /sync/ws over a real WebSocket: who gets in, and what a connection can do. */
@Timeout(30)
class SyncSocketTest {

    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void validToken_connectsAndSubscribes() {
        TestSocket ada = server.connect(server.token("ada", "acme"));

        ada.send("{'type':'subscribe','id':'p1','collection':'presence','params':{'channel':'doc-1'}}");

        assertThat(ada.await("snapshot").path("rows").isArray()).isTrue();
    }

    @Test
    void missingToken_closesWith4401() {
        TestSocket socket = server.connect("");

        assertThat(socket.awaitClose()).isEqualTo(new Closed(4401, "missing token: connect to /sync/ws?token=..."));
    }

    @Test
    void forgedSignature_closesWith4401() {
        String token = server.token("ada", "acme");
        String forged = token.substring(0, token.indexOf('.') + 1) + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[32]);

        assertThat(server.connect(forged).awaitClose()).isEqualTo(new Closed(4401, "token signature is invalid"));
    }

    @Test
    void tokenSignedWithAnotherSecret_closesWith4401() {
        PresenceTokens other = new PresenceTokens("another-secret-that-is-also-32-bytes-long".getBytes(),
                InstantSource.system());
        String token = other.sign(new TokenClaims("ada", "acme", "Ada", Instant.now().plusSeconds(60), List.of()));

        assertThat(server.connect(token).awaitClose().code()).isEqualTo(4401);
    }

    @Test
    void claimsChangedAfterSigning_closeWith4401() {
        String token = server.token("ada", "acme");
        String mallory = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"mallory\",\"ws\":\"acme\",\"name\":\"M\",\"exp\":9999999999}".getBytes());
        String tampered = mallory + token.substring(token.indexOf('.'));

        assertThat(server.connect(tampered).awaitClose()).isEqualTo(new Closed(4401, "token signature is invalid"));
    }

    @Test
    void expiredToken_closesWith4401() {
        String token = server.token(new TokenClaims("ada", "acme", "Ada", Instant.now().minusSeconds(1), List.of()));

        assertThat(server.connect(token).awaitClose()).isEqualTo(new Closed(4401, "token expired"));
    }

    @Test
    void channelOutsideTheTokensPrefixes_isUnauthorizedAndTheSocketStaysOpen() {
        String token = server.token(new TokenClaims("ada", "acme", "Ada", Instant.now().plusSeconds(60),
                List.of("team-")));
        TestSocket ada = server.connect(token);

        ada.send("{'type':'subscribe','id':'p1','collection':'presence','params':{'channel':'board'}}");
        ada.send("{'type':'subscribe','id':'p2','collection':'presence','params':{'channel':'team-a'}}");

        assertThat(ada.await("error").path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(ada.await("snapshot").path("id").asText()).isEqualTo("p2");
    }

    @Test
    void malformedFrame_isAnsweredWithBadFrameAndTheSocketStaysOpen() {
        TestSocket ada = server.connect(server.token("ada", "acme"));

        ada.sendRaw("not json");
        ada.send("{'type':'ping'}");

        assertThat(ada.await("error").path("error").path("code").asText()).isEqualTo("BAD_FRAME");
        ada.await("pong");
    }

    @Test
    void frameOverTheProtocolLimit_isAnsweredWithLimitExceededAndTheSocketStaysOpen() {
        TestSocket ada = server.connect(server.token("ada", "acme"));

        ada.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}");
        ada.send("{'type':'ping'}");

        assertThat(ada.await("error").path("error").path("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        ada.await("pong");
    }

    @Test
    void frameOverTwiceTheProtocolLimit_isRefusedByJettyWith1009() {
        TestSocket ada = server.connect(server.token("ada", "acme"));

        ada.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(128 * 1024) + "\"}");

        assertThat(ada.awaitClose().code()).isEqualTo(1009);
    }
}
