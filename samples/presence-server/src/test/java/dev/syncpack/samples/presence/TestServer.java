package dev.syncpack.samples.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncpack.samples.presence.OptionsParser.Command;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real server on 127.0.0.1 and a free port, started from command-line options, with helpers to
 * mint tokens, call its HTTP endpoints and open sockets to it.
 */
final class TestServer implements AutoCloseable {

    static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";
    static final String ADMIN_TOKEN = "admin-token-0123456789";

    private final PresenceServer server;
    private final PresenceTokens tokens = new PresenceTokens(SECRET.getBytes(StandardCharsets.UTF_8),
            InstantSource.system());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<TestSocket> sockets = new ArrayList<>();

    private TestServer(PresenceServer server) {
        this.server = server;
    }

    /** @param options options besides the port, host and token secret @return a started server */
    static TestServer start(String... options) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--token-secret", SECRET));
        args.addAll(List.of(options));
        try {
            Command.Run run = (Command.Run) OptionsParser.parse(args, Map.of());
            return new TestServer(PresenceServer.start(run.options(), InstantSource.system()));
        } catch (OptionsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    PresenceServer server() {
        return server;
    }

    /** @return a token for the user in the workspace, valid for an hour, for every channel */
    String token(String user, String workspace) {
        return tokens.sign(new TokenClaims(user, workspace, user, Instant.now().plusSeconds(3600), List.of()));
    }

    /** @return a token for the user in the workspace from this server's {@code /api/dev-token} */
    String devToken(String user, String workspace) {
        HttpResponse<String> minted = get("/api/dev-token?user=" + user + "&workspace=" + workspace);
        try {
            return JSON.readTree(minted.body()).path("token").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("/api/dev-token answered " + minted.statusCode() + " " + minted.body(), e);
        }
    }

    /** @return a token signed with the server's secret */
    String token(TokenClaims claims) {
        return tokens.sign(claims);
    }

    /** @return an open socket to /sync/ws with this token, closed with the server */
    TestSocket connect(String token) {
        TestSocket socket = TestSocket.open(URI.create("ws://127.0.0.1:" + server.port() + "/sync/ws?token=" + token));
        sockets.add(socket);
        return socket;
    }

    /** @return the response to a GET of {@code path}, with the given headers */
    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        sockets.forEach(TestSocket::abort);
        server.close();
        http.close();
    }
}
