package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Scheduler;

/** Creating Quartz's tables from the Quartz jar, and the clustered scheduler's configuration. */
class PostgresQuartzTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void createQuartzTables_createsThemOnceAndThenLeavesThemAlone() throws SQLException {
        DataSource pool = DB.pool("quartz");

        boolean first = PostgresQuartz.createQuartzTables(pool, "sp_qrtz_");
        boolean second = PostgresQuartz.createQuartzTables(pool, "sp_qrtz_");

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(tablesStartingWith("sp_qrtz_")).isEqualTo(11);
    }

    @Test
    void quartzStatements_applyThePrefixAndDropNothing() {
        assertThat(PostgresQuartz.quartzStatements("sp_"))
                .isNotEmpty()
                .noneMatch(sql -> sql.toUpperCase().startsWith("DROP"))
                .noneMatch(sql -> sql.toLowerCase().contains("qrtz_"))
                .anyMatch(sql -> sql.contains("CREATE TABLE sp_LOCKS"));
    }

    @Test
    void clusteredScheduler_joinsTheClusterOnTheJdbcJobStore() throws Exception {
        PostgresQuartz.createQuartzTables(DB.pool("quartz-cluster"), "qrtz_");
        Scheduler scheduler = PostgresQuartz.builder(DB.jdbcUrl()).schedulerName("quartz-test").instanceId("n1")
                .checkinInterval(Duration.ofSeconds(1)).build();
        try {
            scheduler.start();

            assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
            assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
            assertThat(scheduler.getSchedulerInstanceId()).isEqualTo("n1");
        } finally {
            scheduler.shutdown(true);
        }
    }

    @Test
    void tablePrefix_withQuotesOrSpaces_isRejected() {
        assertThatThrownBy(() -> PostgresQuartz.createQuartzTables(DB.pool("quartz-bad"), "qrtz\"; drop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tablePrefix must be a letter or '_'");
    }

    @Test
    void builder_otherDatabase_isRejectedNamingTheUrl() {
        assertThatThrownBy(() -> PostgresQuartz.builder("jdbc:mysql://localhost/q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageContaining("jdbc:mysql://localhost/q");
    }

    private static int tablesStartingWith(String prefix) throws SQLException {
        try (Connection connection = DB.connect(); Statement sql = connection.createStatement();
             ResultSet count = sql.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                     + DB.schema() + "' AND table_name LIKE '" + prefix + "%'")) {
            count.next();
            return count.getInt(1);
        }
    }
}
