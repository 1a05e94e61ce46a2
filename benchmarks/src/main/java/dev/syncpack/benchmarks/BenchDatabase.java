package dev.syncpack.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own on the benchmark's PostgreSQL ({@code --jdbc-url}), with pools in it;
 * closing drops the schema and everything in it.
 */
final class BenchDatabase implements AutoCloseable {

    private final String baseUrl;
    private final String schema;
    private final List<HikariDataSource> pools = new ArrayList<>();

    private BenchDatabase(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.schema = schema;
    }

    /**
     * @param jdbcUrl the server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
     * @return a new schema {@code syncpack_bench_<random>} on it
     * @throws SQLException when the server cannot be reached or refuses to create the schema
     */
    static BenchDatabase create(String jdbcUrl) throws SQLException {
        BenchDatabase database = new BenchDatabase(jdbcUrl,
                "syncpack_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        database.execute("CREATE SCHEMA " + database.schema);
        return database;
    }

    String schema() {
        return schema;
    }

    /**
     * @param name the pool's name in logs
     * @param size the most connections it opens
     * @return a HikariCP pool whose connections work in this schema; closed with the database
     */
    synchronized HikariDataSource pool(String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(schemaUrl());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** @return unpooled connections in this schema, for a cluster bus's listening connection */
    DataSource unpooled() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(schemaUrl());
        return source;
    }

    /**
     * @param sql statements to run in this schema, autocommitted
     * @throws SQLException when one fails
     */
    void execute(String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(schemaUrl());
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /**
     * @param sql a query returning one number
     * @return that number
     * @throws SQLException when it fails
     */
    long queryLong(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(schemaUrl());
             Statement statement = connection.createStatement();
             var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private String schemaUrl() {
        return schema == null ? baseUrl
                : baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public synchronized void close() throws SQLException {
        pools.forEach(HikariDataSource::close);
        try (Connection connection = DriverManager.getConnection(baseUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        checkpoint();
    }

    /**
     * Flushes what was written so far, so that what is timed next does not include PostgreSQL
     * writing it out (a figure that bulk-loads a million rows left the next one's commits waiting
     * on that). Needs a superuser or pg_checkpoint; without the right it is skipped, with a word on
     * stderr.
     *
     * @throws SQLException when the database cannot be reached
     */
    void checkpoint() throws SQLException {
        try (Connection connection = DriverManager.getConnection(baseUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException notAllowed) {
            if (!"42501".equals(notAllowed.getSQLState())) {
                throw notAllowed;
            }
            System.err.println("benchmarks: CHECKPOINT not allowed for this role (" + notAllowed.getMessage()
                    + "); the next figure may time this one's writes being flushed");
        }
    }
}
