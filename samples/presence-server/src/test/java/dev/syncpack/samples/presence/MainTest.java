package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.samples.presence.Main.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the launcher prints and which exit code it chooses. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** @return a port nothing listens on: one the system just handed out and that was closed again */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Outcome launch(String... args) {
        return Main.launch(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void help_printsTheOptionsAndExitsWith0() {
        assertThat(launch("--help")).isEqualTo(new Outcome.Exit(0));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--heartbeat-ttl DURATION", "env PRESENCE_HEARTBEAT_TTL",
                "--no-dev-tokens", "--admin-token TOKEN");
    }

    @Test
    void badOption_printsWhatIsWrongAndExitsWith2() {
        assertThat(launch("--heartbeat-ttl", "soon")).isEqualTo(new Outcome.Exit(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
                presence-server: --heartbeat-ttl must be a duration such as 500ms, 30s, 2m or 1h, was "soon"
                Run with --help to list the options.
                """);
    }

    @Test
    void jdbcUrlOfAnotherDatabase_exitsWith2() {
        assertThat(launch("--jdbc-url", "jdbc:mysql://127.0.0.1:3306/presence")).isEqualTo(new Outcome.Exit(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("presence-server: --jdbc-url must be a PostgreSQL "
                + "JDBC URL starting with jdbc:postgresql:, was \"jdbc:mysql://127.0.0.1:3306/presence\"");
    }

    @Test
    @Timeout(20)
    void databaseThatRefusesConnections_exitsWith1WithinSeconds_namingTheCause() throws IOException {
        int closedPort = closedPort();
        long started = System.nanoTime();

        Outcome outcome = launch("--port", "0", "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/x");

        assertThat(outcome).isEqualTo(new Outcome.Exit(1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("presence-server: could not connect to PostgreSQL "
                + "at jdbc:postgresql://127.0.0.1:" + closedPort + "/x: Connection to 127.0.0.1:" + closedPort
                + " refused");
    }

    @Test
    @Timeout(20)
    void databaseThatAcceptsButNeverGreets_exitsWith1WithinSeconds() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();

            Outcome outcome = launch("--port", "0", "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                    + "/x?user=ada");

            assertThat(outcome).isEqualTo(new Outcome.Exit(1));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not connect to PostgreSQL at "
                    + "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/x: Connection attempt timed out");
        }
    }

    @Test
    @Timeout(20)
    void unreachableDatabase_isReportedWithoutTheUrlsParameters() throws IOException {
        int closedPort = closedPort();

        launch("--port", "0", "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/x?user=ada&password=hunter2");

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("jdbc:postgresql://127.0.0.1:" + closedPort + "/x:")
                .doesNotContain("hunter2");
    }

    @Test
    @Timeout(30)
    void goodOptions_startTheServerAndPrintTheAddress() {
        Outcome outcome = launch("--port", "0");

        assertThat(outcome).isInstanceOf(Outcome.Running.class);
        PresenceServer server = ((Outcome.Running) outcome).server();
        int port = server.port();
        server.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("syncpack presence server is running: open "
                + "http://127.0.0.1:" + port + "/ in two browser windows");
    }

    @Test
    @Timeout(30)
    void takenPort_exitsWith1() {
        Outcome first = launch("--port", "0");
        PresenceServer server = ((Outcome.Running) first).server();
        try {
            assertThat(launch("--port", String.valueOf(server.port()))).isEqualTo(new Outcome.Exit(1));
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not listen on 127.0.0.1:" + server.port());
        } finally {
            server.close();
        }
    }
}
