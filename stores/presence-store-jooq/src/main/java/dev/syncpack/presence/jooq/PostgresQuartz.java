package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.val;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;

/**
 * Quartz in clustered JDBC mode on PostgreSQL, so each tick of an engine's schedules (the presence
 * cleanup) runs on one node only. Two steps:
 *
 * <pre>{@code
 * PostgresQuartz.createQuartzTables(pool, "qrtz_");        // once; idempotent
 * Scheduler scheduler = PostgresQuartz.builder(jdbcUrl).user("app").password(secret).build();
 * QuartzScheduleTrigger trigger = QuartzScheduleTrigger.attach(engine, scheduler);
 * scheduler.start();
 * ...
 * trigger.close(); scheduler.shutdown(true); engine.close();
 * }</pre>
 *
 * <p>The tables are Quartz's own PostgreSQL DDL ({@code tables_postgres.sql} in the Quartz jar),
 * created in the connection's current schema; point the scheduler's URL at the same schema (e.g.
 * {@code currentSchema=...}). Every node of a cluster uses the same scheduler name and table
 * prefix and its own instance id.
 */
public final class PostgresQuartz {

    /** Where the Quartz jar keeps its PostgreSQL DDL. */
    static final String QUARTZ_DDL = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");
    private static final Pattern QUARTZ_NAME = Pattern.compile("(?i)qrtz_");

    private PostgresQuartz() {
    }

    /**
     * Starts configuring one node's scheduler.
     *
     * @param jdbcUrl the PostgreSQL URL every scheduler of the cluster connects to
     * @return a builder for one node's scheduler
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * Creates Quartz's tables with {@code tablePrefix} in the connection's current schema, unless
     * they exist: one transaction under an advisory lock, so nodes starting together create them
     * once. Quartz's script is loaded from the Quartz jar; its {@code DROP} statements are skipped.
     *
     * @param dataSource connections to the database and schema the schedulers use
     * @param tablePrefix the prefix of the scheduler's {@code tablePrefix}, e.g. {@code qrtz_}
     * @return true when the tables were created, false when they existed
     * @throws IllegalArgumentException when the prefix is not a plain identifier prefix
     * @throws dev.syncpack.spi.error.UnavailableException when the database fails
     */
    public static boolean createQuartzTables(DataSource dataSource, String tablePrefix) {
        checkPrefix(tablePrefix);
        DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        try {
            return dsl.transactionResult(tx -> {
                DSLContext ddl = tx.dsl();
                ddl.select(field("pg_advisory_xact_lock(hashtext({0}))", Object.class,
                        val("syncpack quartz tables " + tablePrefix))).fetch();
                String locks = (tablePrefix + "locks").toLowerCase(Locale.ROOT);
                if (ddl.select(field("to_regclass({0})", SQLDataType.VARCHAR, val(locks))).fetchSingle().value1() != null) {
                    return false;
                }
                for (String statement : quartzStatements(tablePrefix)) {
                    ddl.execute(statement);
                }
                return true;
            });
        } catch (DataAccessException e) {
            throw StoreFailures.unavailable("Quartz tables \"" + tablePrefix + "*\"", "be created", e);
        }
    }

    /** @return Quartz's PostgreSQL DDL without comments, drops and the final commit, with the prefix applied */
    static List<String> quartzStatements(String tablePrefix) {
        String script;
        try (InputStream in = Scheduler.class.getResourceAsStream(QUARTZ_DDL)) {
            if (in == null) {
                throw new IllegalStateException(QUARTZ_DDL + " is missing: is quartz 2.5 on the class path?");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : text.toString().split(";")) {
            String sql = statement.strip();
            String verb = sql.toUpperCase(Locale.ROOT);
            if (!sql.isEmpty() && !verb.startsWith("DROP ") && !verb.equals("COMMIT")) {
                statements.add(QUARTZ_NAME.matcher(sql).replaceAll(Matcher.quoteReplacement(tablePrefix)));
            }
        }
        return statements;
    }

    private static String checkPrefix(String tablePrefix) {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        if (!TABLE_PREFIX.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must be a letter or '_' then up to 29 letters, digits or '_', "
                    + "was \"" + tablePrefix + "\"");
        }
        return tablePrefix;
    }

    /** Configures one node's clustered scheduler. */
    public static final class Builder {
        private final String jdbcUrl;
        private String user = "";
        private String password = "";
        private String schedulerName = "syncpack";
        private String instanceId = "node-" + UUID.randomUUID();
        private String tablePrefix = "qrtz_";
        private int threadCount = 2;
        private Duration checkinInterval = Duration.ofMillis(7_500);

        private Builder(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, was \"" + jdbcUrl + "\"");
            }
            this.jdbcUrl = jdbcUrl;
        }

        /**
         * Sets the database user.
         *
         * @param user the user; default none (e.g. given in the URL)
         * @return this builder
         */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /**
         * Sets the database password.
         *
         * @param password the password; default none (e.g. given in the URL)
         * @return this builder
         */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Names the cluster.
         *
         * @param schedulerName the cluster's name, the same on every node; default {@code syncpack}
         * @return this builder
         * @throws IllegalArgumentException when blank
         */
        public Builder schedulerName(String schedulerName) {
            this.schedulerName = notBlank("schedulerName", schedulerName);
            return this;
        }

        /**
         * Names this node in the cluster.
         *
         * @param instanceId this node's id, different on every node; default {@code node-<uuid>}
         * @return this builder
         * @throws IllegalArgumentException when blank
         */
        public Builder instanceId(String instanceId) {
            this.instanceId = notBlank("instanceId", instanceId);
            return this;
        }

        /**
         * Sets the prefix of Quartz's tables.
         *
         * @param tablePrefix the prefix given to {@link #createQuartzTables}; default {@code qrtz_}
         * @return this builder
         * @throws IllegalArgumentException when not a plain identifier prefix
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = checkPrefix(tablePrefix);
            return this;
        }

        /**
         * Sets how many jobs can run at once on this node.
         *
         * @param threadCount worker threads, at least 1; default 2
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder threadCount(int threadCount) {
            if (threadCount < 1) {
                throw new IllegalArgumentException("threadCount must be at least 1, was " + threadCount);
            }
            this.threadCount = threadCount;
            return this;
        }

        /**
         * Sets how often this node checks in with the cluster.
         *
         * @param checkinInterval how often a node tells the cluster it is alive; a node silent for
         *     longer has its running jobs recovered by the others; 500 ms to 1 min, default 7.5 s
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder checkinInterval(Duration checkinInterval) {
            Objects.requireNonNull(checkinInterval, "checkinInterval");
            if (checkinInterval.toMillis() < 500 || checkinInterval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("checkinInterval must be between 500 ms and 1 minute, was "
                        + checkinInterval);
            }
            this.checkinInterval = checkinInterval;
            return this;
        }

        /**
         * Creates the scheduler in standby; the caller starts and shuts it down. It is not kept in
         * Quartz's JVM-wide {@link SchedulerRepository}, so several nodes of one cluster can run in
         * one JVM (tests, demos): keep the returned reference.
         *
         * @return the scheduler
         * @throws SchedulerException when Quartz rejects the configuration
         */
        public Scheduler build() throws SchedulerException {
            String dataSource = "syncpack-" + instanceId;
            Properties properties = new Properties();
            properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, schedulerName);
            properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
            properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threadCount));
            properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, JobStoreTX.class.getName());
            properties.setProperty("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
            properties.setProperty("org.quartz.jobStore.dataSource", dataSource);
            properties.setProperty("org.quartz.jobStore.tablePrefix", tablePrefix);
            properties.setProperty("org.quartz.jobStore.isClustered", "true");
            properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinInterval.toMillis()));
            properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
            String prefix = "org.quartz.dataSource." + dataSource + ".";
            properties.setProperty(prefix + "provider", "hikaricp");
            properties.setProperty(prefix + "driver", "org.postgresql.Driver");
            properties.setProperty(prefix + "URL", jdbcUrl);
            properties.setProperty(prefix + "user", user);
            properties.setProperty(prefix + "password", password);
            properties.setProperty(prefix + "maxConnections", Integer.toString(threadCount + 3));
            properties.setProperty(prefix + "validationQuery", "select 1");
            SchedulerRepository repository = SchedulerRepository.getInstance();
            synchronized (repository) {
                Scheduler existing = repository.lookup(schedulerName);
                if (existing != null && !existing.isShutdown()) {
                    throw new IllegalStateException("a Quartz scheduler named \"" + schedulerName + "\" is registered in "
                            + "this JVM's SchedulerRepository and would be returned instead of a new one; shut it down first");
                }
                Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
                repository.remove(schedulerName);
                return scheduler;
            }
        }

        private static String notBlank(String option, String value) {
            Objects.requireNonNull(value, option);
            if (value.isBlank()) {
                throw new IllegalArgumentException(option + " must not be blank, was \"" + value + "\"");
            }
            return value;
        }
    }
}
