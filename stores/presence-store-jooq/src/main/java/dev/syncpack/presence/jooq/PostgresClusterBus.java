package dev.syncpack.presence.jooq;

import dev.syncpack.spi.cluster.ClusterBatch;
import dev.syncpack.spi.cluster.ClusterBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A {@link ClusterBus} over PostgreSQL {@code LISTEN}/{@code NOTIFY}, for engines that share a
 * database: every node's subscribers see every other node's committed batches, and a node never
 * receives its own.
 *
 * <pre>{@code
 * PostgresClusterBus bus = PostgresClusterBus.builder(pool, listenerConnections).build();
 * bus.migrate();
 * SyncEngine engine = InProcessSyncEngine.builder().clusterBus(bus).build();
 * ...
 * engine.close();
 * bus.close();
 * }</pre>
 *
 * <p><b>Sending.</b> {@link #publish} serialises the batch (Jackson) and queues it; one thread per
 * node sends the queue in order, each batch as one statement that appends it to the log table
 * {@code <prefix>bus_payloads} and calls {@code pg_notify}. The notification carries the batch
 * when it fits NOTIFY's 8000-byte limit and only its log id otherwise, so no batch is too big. A
 * failed send is logged and retried in order with backoff; nothing is dropped.
 *
 * <p><b>Receiving.</b> One dedicated connection (from {@code listenerConnections}, never from the
 * pool, which would recycle it) {@code LISTEN}s on the channel, polled by a daemon thread. Batches
 * are handed to the receivers on that thread, in each origin's commit order. When the connection
 * is lost the bus reconnects with backoff and replays from the log what it missed.
 *
 * <p>The log keeps each batch for the retention (default 10 min; pruned by the senders), which
 * bounds the listener outage a node recovers from.
 *
 * <p><b>Durability.</b> A batch's commit does not wait for the log to reach disk
 * ({@code synchronous_commit off} for the sending transaction only): the changes it carries were
 * committed durably by the store before they were published. Only a crash of the database server
 * itself can lose the batches of its last moments (at most {@code wal_writer_delay}, 200 ms by
 * default, times 3); subscribers on other nodes then see those sessions as they were until their
 * next change or until they subscribe again.
 */
public final class PostgresClusterBus implements ClusterBus {

    private static final System.Logger LOG = System.getLogger(PostgresClusterBus.class.getName());
    private static final SchemaScript SCRIPT = SchemaScript.load("cluster-bus.sql");

    private final String nodeId;
    private final DSLContext dsl;
    private final BusTable log;
    private final List<Consumer<ClusterBatch>> receivers = new CopyOnWriteArrayList<>();
    private final BusSender sender;
    private final BusListener listener;

    private PostgresClusterBus(Builder builder) {
        this.nodeId = builder.nodeId;
        this.dsl = DSL.using(builder.pool, SQLDialect.POSTGRES);
        this.log = new BusTable(Optional.ofNullable(builder.schema), builder.prefix);
        this.sender = new BusSender(dsl, log, builder.channel, nodeId, builder.retention, builder.maxRetry);
        this.listener = new BusListener(builder.listenerConnections, log, builder.channel, nodeId, this::deliver,
                builder.pollInterval, builder.maxRetry, builder.retention);
    }

    /**
     * Starts configuring a bus.
     *
     * @param pool the pool batches are sent through
     * @param listenerConnections where the listening connection comes from; each call must open a
     *     new physical connection (e.g. {@code org.postgresql.ds.PGSimpleDataSource}), not borrow
     *     one from a pool
     * @return a builder
     */
    public static Builder builder(DataSource pool, DataSource listenerConnections) {
        return new Builder(pool, listenerConnections);
    }

    /**
     * The batch log's DDL as shipped.
     *
     * @return the DDL {@link #migrate()} runs, with psql variables for the schema and the prefixed
     *     names (see its header), for teams that run their own migrations
     */
    public static String schemaScript() {
        return SCRIPT.text();
    }

    /**
     * Creates the log table and its index when they do not exist; idempotent and safe on several
     * nodes at once. The schema itself must exist.
     *
     * @throws dev.syncpack.spi.error.UnavailableException when the database fails
     */
    public void migrate() {
        try {
            SCRIPT.migrate(dsl, log.schema, Map.of("table", log.tableName, "created_index", log.createdIndex));
        } catch (DataAccessException e) {
            throw StoreFailures.unavailable("cluster bus of node " + nodeId, "create its log table", e);
        }
    }

    /**
     * Waits until the listening connection has subscribed for the first time; batches published
     * before that are not delivered to this node.
     *
     * @param timeout how long to wait
     * @return true when listening
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        return listener.awaitListening(timeout);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /**
     * Queues the batch for sending and returns at once.
     *
     * @throws IllegalArgumentException when a row holds a value JSON cannot carry
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public void publish(ClusterBatch batch) {
        Objects.requireNonNull(batch, "batch");
        sender.enqueue(batch.originVersion(), BusMessages.encode(batch));
    }

    @Override
    public AutoCloseable subscribe(Consumer<ClusterBatch> receiver) {
        Objects.requireNonNull(receiver, "receiver");
        receivers.add(receiver);
        return () -> receivers.remove(receiver);
    }

    /**
     * Tells how far sending is behind.
     *
     * @return how many of this node's batches wait to be sent (grows while the database is down)
     */
    public int backlog() {
        return sender.backlog();
    }

    /** Stops listening, then sends what is queued for up to 5 s; batches still unsent are logged. */
    @Override
    public void close() {
        listener.close();
        sender.close();
    }

    private void deliver(ClusterBatch batch) {
        for (Consumer<ClusterBatch> receiver : receivers) {
            try {
                receiver.accept(batch);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a receiver on node " + nodeId + " failed on batch "
                        + batch.originVersion() + " of node " + batch.origin(), e);
            }
        }
    }

    /** Configures a {@link PostgresClusterBus}. */
    public static final class Builder {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
        private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,48}");

        private final DataSource pool;
        private final DataSource listenerConnections;
        private String nodeId = UUID.randomUUID().toString();
        private String channel = "syncpack_bus";
        private String schema;
        private String prefix = "";
        private Duration retention = Duration.ofMinutes(10);
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration maxRetry = Duration.ofSeconds(2);

        private Builder(DataSource pool, DataSource listenerConnections) {
            this.pool = Objects.requireNonNull(pool, "pool");
            this.listenerConnections = Objects.requireNonNull(listenerConnections, "listenerConnections");
        }

        /**
         * Names this node.
         *
         * @param nodeId this node's id, unique in the cluster and new on every start (versions
         *     restart with the engine); default a random UUID
         * @return this builder
         * @throws IllegalArgumentException unless 1 to 63 letters, digits, {@code _}, {@code -} or {@code .}
         */
        public Builder nodeId(String nodeId) {
            this.nodeId = matching("nodeId", NAME, nodeId);
            return this;
        }

        /**
         * Sets the NOTIFY channel.
         *
         * @param channel the NOTIFY channel every node of the cluster uses; default {@code syncpack_bus}
         * @return this builder
         * @throws IllegalArgumentException unless 1 to 63 letters, digits, {@code _}, {@code -} or {@code .}
         */
        public Builder channel(String channel) {
            this.channel = matching("channel", NAME, channel);
            return this;
        }

        /**
         * Puts the log table in a schema of its own.
         *
         * @param schema the schema of the log table; default: the connections' search path
         * @return this builder
         * @throws IllegalArgumentException when blank or longer than 63 bytes
         */
        public Builder schema(String schema) {
            Objects.requireNonNull(schema, "schema");
            if (schema.isBlank()) {
                throw new IllegalArgumentException("schema must not be blank, was \"" + schema + "\"");
            }
            this.schema = PresenceTable.checkedName(schema, "schema").last();
            return this;
        }

        /**
         * Prefixes the log table's name.
         *
         * @param prefix prepended to the log table's name {@code bus_payloads}; default ""
         * @return this builder
         * @throws IllegalArgumentException unless up to 48 letters, digits, {@code _}, {@code -} or {@code .}
         */
        public Builder prefix(String prefix) {
            this.prefix = matching("prefix", PREFIX, prefix);
            return this;
        }

        /**
         * Sets how long the log keeps batches.
         *
         * @param retention how long the log keeps a batch, which bounds the listener outage a node
         *     recovers from; at least 1 minute, default 10 minutes
         * @return this builder
         * @throws IllegalArgumentException when shorter than a minute
         */
        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("retention must be at least 1 minute, was " + retention);
            }
            this.retention = retention;
            return this;
        }

        /**
         * Sets how long one poll for notifications waits.
         *
         * @param pollInterval how long the listener waits for notifications per poll, which bounds
         *     how long {@link #close()} waits for it; 10 ms to 5 s, default 250 ms
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder pollInterval(Duration pollInterval) {
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (pollInterval.toMillis() < 10 || pollInterval.compareTo(Duration.ofSeconds(5)) > 0) {
                throw new IllegalArgumentException("pollInterval must be between 10 ms and 5 s, was " + pollInterval);
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * Caps the backoff of sends and reconnects.
         *
         * @param maxRetry the longest pause between attempts to send or to reconnect; backoff
         *     starts at 50 ms and doubles up to it; 100 ms to 1 minute, default 2 s
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxRetry(Duration maxRetry) {
            Objects.requireNonNull(maxRetry, "maxRetry");
            if (maxRetry.toMillis() < 100 || maxRetry.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("maxRetry must be between 100 ms and 1 minute, was " + maxRetry);
            }
            this.maxRetry = maxRetry;
            return this;
        }

        /**
         * Builds and starts the bus: it connects, listens and sends in the background.
         *
         * @return the bus
         */
        public PostgresClusterBus build() {
            new BusTable(Optional.empty(), prefix);
            return new PostgresClusterBus(this);
        }

        private static String matching(String option, Pattern pattern, String value) {
            Objects.requireNonNull(value, option);
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(option + " must match " + pattern.pattern() + ", was \"" + value + "\"");
            }
            return value;
        }
    }
}
