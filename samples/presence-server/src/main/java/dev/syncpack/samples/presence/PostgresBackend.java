package dev.syncpack.samples.presence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncpack.presence.jooq.JooqPresenceStore;
import dev.syncpack.presence.jooq.PostgresClusterBus;
import dev.syncpack.presence.jooq.PostgresQuartz;
import dev.syncpack.spi.cluster.ClusterBus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * One node of a cluster on PostgreSQL: a HikariCP pool, the {@link JooqPresenceStore}, a
 * {@link PostgresClusterBus} so every node's subscribers see every node's changes, and a clustered
 * Quartz scheduler so each cleanup tick runs on one node. Nodes whose URLs name the same database
 * and current schema form one cluster.
 *
 * <p>Opening creates, in the URL's current schema and only when missing (safe when nodes start
 * together), the tables {@code presence}, {@code bus_payloads} and Quartz's {@code qrtz_*}.
 *
 * @param pool the pool the store and the bus share
 * @param store the presence store
 * @param clusterBus the bus, listening
 * @param scheduler the clustered scheduler
 * @param description the URL without its parameters, the schema and the node id
 */
record PostgresBackend(HikariDataSource pool, JooqPresenceStore store, PostgresClusterBus clusterBus,
                       Scheduler scheduler, String description) implements Backend {

    /**
     * How long a statement waits for a pooled connection, and a new connection for the server's
     * greeting: an outage answers {@code UNAVAILABLE} within seconds, and a start against a
     * database that does not answer fails as quickly. The URL may set other driver timeouts.
     */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);
    private static final String QUARTZ_TABLE_PREFIX = "qrtz_";
    private static final String BUS_CHANNEL_PREFIX = "syncpack_bus.";
    /** What {@link PostgresClusterBus.Builder#channel} accepts. */
    private static final Pattern BUS_CHANNEL = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    /**
     * Connects, creates the missing tables, starts the bus and waits until it listens, and creates
     * the scheduler (in standby) as a new node with a random id.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL; user and password may be its parameters
     * @return the node's backend
     * @throws IllegalStateException naming the URL (without its parameters) and the cause when the
     *     database does not answer, refuses the login, or a table cannot be created
     */
    static PostgresBackend open(String jdbcUrl) {
        String where = "PostgreSQL at " + withoutParameters(jdbcUrl);
        String nodeId = "node-" + UUID.randomUUID();
        HikariDataSource pool = connect(jdbcUrl, where);
        PostgresClusterBus bus = null;
        try {
            String schema = currentSchema(pool);
            JooqPresenceStore store = JooqPresenceStore.builder(pool).build();
            store.migrate();
            bus = PostgresClusterBus.builder(pool, listenerConnections(jdbcUrl)).nodeId(nodeId)
                    .channel(busChannel(schema)).build();
            bus.migrate();
            if (!bus.awaitListening(LISTEN_TIMEOUT)) {
                throw new IllegalStateException("the cluster bus could not LISTEN within " + LISTEN_TIMEOUT.toSeconds()
                        + " s");
            }
            PostgresQuartz.createQuartzTables(pool, QUARTZ_TABLE_PREFIX);
            Scheduler scheduler = PostgresQuartz.builder(jdbcUrl).instanceId(nodeId).tablePrefix(QUARTZ_TABLE_PREFIX)
                    .build();
            return new PostgresBackend(pool, store, bus, scheduler, where + ", schema " + schema + ", cluster node "
                    + nodeId);
        } catch (SchedulerException | SQLException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (bus != null) {
                bus.close();
            }
            pool.close();
            throw new IllegalStateException(where + " could not be set up: " + e.getMessage(), e);
        }
    }

    /**
     * One NOTIFY channel per schema: clusters in two schemas of one database keep their own tables,
     * so they must not hear each other's changes either.
     *
     * @param schema the schema the tables are in
     * @return {@code syncpack_bus.<schema>}, or a digest of the schema in place of a name the
     *     channel cannot carry
     */
    static String busChannel(String schema) {
        String readable = BUS_CHANNEL_PREFIX + schema;
        return BUS_CHANNEL.matcher(readable).matches() ? readable
                : BUS_CHANNEL_PREFIX + UUID.nameUUIDFromBytes(schema.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param jdbcUrl a JDBC URL
     * @return the URL without its parameters, which may hold a password
     */
    static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    @Override
    public Optional<ClusterBus> bus() {
        return Optional.of(clusterBus);
    }

    /** Stops the scheduler, then the bus (which sends what it still holds), then the pool. */
    @Override
    public void close() {
        stopScheduler();
        clusterBus.close();
        pool.close();
    }

    private static HikariDataSource connect(String jdbcUrl, String where) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("presence-server");
        config.setJdbcUrl(jdbcUrl);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("loginTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not connect to " + where + ": " + databaseMessage(e)
                    + "; check that the database runs and that --jdbc-url names it, its user and password", e);
        }
    }

    /** The bus needs a physical connection of its own for {@code LISTEN}, never a pooled one. */
    private static DataSource listenerConnections(String jdbcUrl) {
        PGSimpleDataSource connections = new PGSimpleDataSource();
        connections.setConnectTimeout((int) CONNECTION_TIMEOUT.toSeconds());
        connections.setLoginTimeout((int) CONNECTION_TIMEOUT.toSeconds());
        connections.setURL(jdbcUrl);
        return connections;
    }

    private static String currentSchema(DataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select current_schema()")) {
            result.next();
            String schema = result.getString(1);
            if (schema == null) {
                throw new IllegalStateException("the search path names no schema that exists; create the schema or "
                        + "fix currentSchema in --jdbc-url");
            }
            return schema;
        }
    }

    /** @return the driver's own words (e.g. "Connection to 127.0.0.1:5432 refused"), not the pool's wrapping */
    private static String databaseMessage(Throwable failure) {
        Throwable said = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException && cause.getMessage() != null) {
                said = cause;
                break;
            }
        }
        String message = Objects.toString(said.getMessage(), said.getClass().getSimpleName());
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
