package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncpack.presence.jooq.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers started with {@code --jdbc-url} on one database and schema form a cluster. The
 * database comes from {@code SYNCPACK_TEST_JDBC_URL}; without one the class is skipped with the
 * reason (and fails under {@code CI=true}). The class's schema is dropped afterwards.
 */
@Timeout(60)
class PresenceServerOnPostgresTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static TestServer first;
    private static TestServer second;

    @BeforeAll
    static void startTwoServers() {
        first = TestServer.start("--jdbc-url", DB.jdbcUrl());
        second = TestServer.start("--jdbc-url", DB.jdbcUrl());
    }

    @AfterAll
    static void stopThem() {
        for (TestServer server : new TestServer[] {second, first}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Timeout(30)
    void heartbeatOnTheSecondServer_reachesASubscriberOnTheFirst_asADiff() {
        String workspace = "ws-" + UUID.randomUUID();
        TestSocket ada = first.connect(first.devToken("ada", workspace));
        TestSocket bob = second.connect(first.devToken("bob", workspace));
        ada.send("{'type':'subscribe','id':'p1','collection':'presence','params':{'channel':'doc-1'}}");
        assertThat(ada.await("snapshot").path("rows").size()).isZero();

        bob.send("{'type':'mutate','mutationId':1,'name':'presence:heartbeat',"
                + "'args':{'channel':'doc-1','state':{'name':'Bob'}}}");

        JsonNode added = ada.await(frame -> frame.path("type").asText().equals("diff")
                && frame.path("added").size() == 1).path("added").get(0);
        assertThat(added.path("actorId").asText()).isEqualTo("bob");
        assertThat(added.path("scope").asText()).isEqualTo(workspace);
        assertThat(added.path("state").path("name").asText()).isEqualTo("Bob");
    }

    @Test
    @Timeout(30)
    void start_createsThePresenceBusAndQuartzTablesInTheUrlsSchema() throws SQLException {
        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))
                .contains("presence", "bus_payloads", "qrtz_locks", "qrtz_triggers", "qrtz_scheduler_state");
    }

    @Test
    @Timeout(30)
    void bothServers_checkInToOneQuartzCluster_sharingOneCleanupTrigger() throws SQLException {
        assertThat(strings("SELECT sched_name FROM qrtz_scheduler_state")).containsExactly("syncpack", "syncpack");
        assertThat(strings("SELECT trigger_name FROM qrtz_cron_triggers")).containsExactly("presence:cleanup");
    }

    private static List<String> strings(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DB.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
