package dev.syncpack.presence.jooq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Gives a test class a PostgreSQL schema of its own, dropped afterwards, so classes can run in
 * parallel and leave nothing behind. Register it with
 * {@code @RegisterExtension static final TestDatabase db = new TestDatabase();}.
 *
 * <p>The server comes from {@code SYNCPACK_TEST_JDBC_URL} (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), else from Testcontainers when a
 * Docker engine answers; else the class is skipped with the reason, and under {@code CI=true} it fails.
 *
 * <p>Other modules' tests use it through this module's test-jar ({@code <type>test-jar</type>}).
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    /** The most connections a pool of {@link #pool} holds. */
    public static final int POOL_SIZE = 4;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private String baseUrl;
    private String schema;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        baseUrl = TestServer.jdbcUrl();
        schema = "t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute("CREATE SCHEMA " + schema);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        closePools();
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** @return this class's schema */
    public String schema() {
        return schema;
    }

    /** @return the server's URL with this class's schema as the current schema */
    public String jdbcUrl() {
        return withSchema(baseUrl);
    }

    /** @return the server's host and port, for a proxy in front of it */
    URI serverAddress() {
        return URI.create(baseUrl.substring("jdbc:".length()));
    }

    /**
     * @param host the host to connect to instead
     * @param port the port to connect to instead
     * @return {@link #jdbcUrl()} pointing at another address
     */
    String jdbcUrlVia(String host, int port) {
        URI server = serverAddress();
        return withSchema("jdbc:postgresql://" + host + ":" + port + server.getRawPath()
                + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery()));
    }

    /**
     * @param name the pool's name in logs
     * @return a small HikariCP pool in this schema that gives up on a connection after 1 s;
     *     closed after the class
     */
    HikariDataSource pool(String name) {
        return pool(name, jdbcUrl());
    }

    /**
     * @param name the pool's name in logs
     * @param jdbcUrl where it connects
     * @return a small HikariCP pool that gives up on a connection after 1 s; closed after the class
     */
    synchronized HikariDataSource pool(String name, String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** @return unpooled connections in this schema, for a cluster bus's listening connection */
    DataSource unpooled() {
        return unpooled(jdbcUrl());
    }

    /**
     * @param jdbcUrl where it connects
     * @return unpooled connections, for a cluster bus's listening connection
     */
    DataSource unpooled(String jdbcUrl) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(jdbcUrl);
        source.setConnectTimeout(1);
        return source;
    }

    /** @return a proxy in front of the server, closed by the caller */
    TcpProxy proxy() throws java.io.IOException {
        URI server = serverAddress();
        return new TcpProxy(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
    }

    /**
     * @return a new connection in this schema; the caller closes it
     * @throws SQLException when the server refuses it
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** Closes every pool this extension handed out. */
    synchronized void closePools() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(baseUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String withSchema(String url) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Finds the server once per JVM. */
    static final class TestServer {
        private static String url;
        private static String missing;

        private TestServer() {
        }

        static synchronized String jdbcUrl() {
            if (url == null && missing == null) {
                resolve();
            }
            if (missing != null) {
                if ("true".equals(System.getenv("CI"))) {
                    throw new IllegalStateException(missing + " (CI=true: a missing database fails the run)");
                }
                Assumptions.abort(missing);
            }
            return url;
        }

        private static void resolve() {
            String configured = System.getenv("SYNCPACK_TEST_JDBC_URL");
            if (configured != null && !configured.isBlank()) {
                url = configured;
            } else if (TestContainer.dockerAnswers()) {
                url = TestContainer.start();
            } else {
                missing = "no PostgreSQL for the database tests: set SYNCPACK_TEST_JDBC_URL (e.g. "
                        + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres) or start a Docker engine for Testcontainers";
                System.err.println("SKIPPED: " + missing);
            }
        }
    }
}
