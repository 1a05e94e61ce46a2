package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /health, /api/dev-token and /sync/inspect over real HTTP, in dev mode and outside it. */
@Timeout(30)
class HttpRoutesTest {

    @Test
    void health_answersOk() {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> health = server.get("/health");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    @Test
    void page_isServedAtTheRoot() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.get("/").body()).contains("<title>syncpack presence</title>");
            assertThat(server.get("/presence-client.js").headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/javascript"));
        }
    }

    @Test
    void devToken_mintsATokenTheSocketAccepts() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> minted = server.get("/api/dev-token?user=ada&workspace=acme&name=Ada&channels=doc-,team-&ttl=60");
            String token = new ObjectMapper().readTree(minted.body()).path("token").asText();
            TestSocket ada = server.connect(token);

            ada.send("{'type':'subscribe','id':'p1','collection':'presence','params':{'channel':'doc-1'}}");

            assertThat(minted.statusCode()).isEqualTo(200);
            ada.await("snapshot");
        }
    }

    @Test
    void devToken_withoutUserOrWorkspace_is400NamingBoth() {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> response = server.get("/api/dev-token?user=ada");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("user and workspace are required");
        }
    }

    @Test
    void devToken_withATtlOverADay_is400() {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> response = server.get("/api/dev-token?user=ada&workspace=acme&ttl=86401");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("ttl must be whole seconds from 1 to 86400");
        }
    }

    @Test
    void devToken_withDevTokensOff_is403() {
        try (TestServer server = TestServer.start("--no-dev-tokens")) {
            HttpResponse<String> response = server.get("/api/dev-token?user=ada&workspace=acme");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("dev tokens are off");
        }
    }

    @Test
    void inspect_inDevMode_answersTheEngineInspection() {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> response = server.get("/sync/inspect");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"mutations\":[\"presence:cursor\"", "\"presence:cleanup\"");
        }
    }

    @Test
    void inspect_outsideDevModeWithoutAnAdminToken_is403() {
        try (TestServer server = TestServer.start("--no-dev-tokens")) {
            HttpResponse<String> response = server.get("/sync/inspect");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("start the server with --admin-token");
        }
    }

    @Test
    void inspect_outsideDevModeWithoutTheBearer_is401() {
        try (TestServer server = TestServer.start("--no-dev-tokens", "--admin-token", TestServer.ADMIN_TOKEN)) {
            HttpResponse<String> missing = server.get("/sync/inspect");
            HttpResponse<String> wrong = server.get("/sync/inspect", "Authorization", "Bearer not-the-admin-token");

            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(wrong.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void inspect_outsideDevModeWithTheBearer_answers() {
        try (TestServer server = TestServer.start("--no-dev-tokens", "--admin-token", TestServer.ADMIN_TOKEN)) {
            HttpResponse<String> response = server.get("/sync/inspect", "Authorization", "Bearer " + TestServer.ADMIN_TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"packs\":[{\"name\":\"presence\"");
        }
    }
}
