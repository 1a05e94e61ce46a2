package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link PresenceServer#close()} does to clients. */
@Timeout(30)
class GracefulShutdownTest {

    @Test
    void close_closesEverySocketWith1001() {
        TestServer server = TestServer.start();
        TestSocket ada = server.connect(server.token("ada", "acme"));
        TestSocket bob = server.connect(server.token("bob", "acme"));
        ada.send("{'type':'ping'}");
        ada.await("pong");

        server.server().close();

        assertThat(ada.awaitClose()).isEqualTo(new TestSocket.Closed(1001, "server shutting down"));
        assertThat(bob.awaitClose()).isEqualTo(new TestSocket.Closed(1001, "server shutting down"));
        server.close();
    }

    @Test
    void close_stopsAcceptingConnections() {
        TestServer server = TestServer.start();
        int port = server.server().port();

        server.close();

        assertThatThrownBy(() -> TestSocket.open(URI.create("ws://127.0.0.1:" + port + "/sync/ws?token=x")))
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void close_isIdempotent() {
        TestServer server = TestServer.start();

        server.close();

        assertThatCode(server::close).doesNotThrowAnyException();
    }
}
