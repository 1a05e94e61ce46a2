package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.countDistinct;

import dev.syncpack.presence.core.Admission;
import dev.syncpack.presence.core.ChannelCount;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.PresenceStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A {@link PresenceStore} on PostgreSQL through jOOQ: sessions survive restarts and are shared by
 * every node using the same table. Build one with {@link #builder(DataSource)} over a pool
 * (HikariCP), call {@link #migrate()} once, and give it to {@code PresencePack.builder().store(...)}.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(hikariConfig);
 * JooqPresenceStore store = JooqPresenceStore.builder(pool).prefix("docs_").build();
 * store.migrate();
 * }</pre>
 *
 * <p><b>Table.</b> {@code <prefix>presence} (in the configured schema, else the connection's),
 * keyed by (scope, channel, actor_id, session_id) with {@code scope = ''} for none, {@code state}
 * as {@code jsonb}, times as {@code timestamptz}, and indexes on {@code expires_at} and
 * (scope, actor_id). {@link #schemaScript()} is the DDL {@link #migrate()} runs.
 *
 * <p><b>Clock.</b> Every time is the database's {@code clock_timestamp()}, so nodes agree on expiry
 * whatever their own clocks say. In {@link #compute} it is read in the statement that takes the row
 * locks, after the last lock is granted (the outer query of a locked lateral subquery), so the rule
 * judges liveness and stamps {@code heartbeatAt} at the moment it decides. {@code now()} and
 * {@code statement_timestamp()} are fixed when the statement starts, before any wait for a lock:
 * a compute that waited behind another would judge expiry at a time already past.
 *
 * <p><b>{@link #compute} and group commit.</b> Concurrent calls are carried out together in
 * batches of up to 512, run by the calling threads themselves: a call arriving
 * while fewer than {@link Builder#concurrentBatches} batches run takes the waiting calls (itself
 * among them) as a batch and runs it at once, so a lone call is a batch of one with no added wait;
 * a call arriving while all run waits and is taken by the next batch. Calls for a key already in a
 * running batch wait for it, so one key's calls run one at a time in the order they came. A batch
 * is first one unlocked read of all its keys and the clock ({@code unnest} of the keys joined to the
 * table); a call whose rule then writes nothing (keep or reject: e.g. a heartbeat the presence
 * rules coalesce, see {@code PresencePack.Builder.coalesceRenewals}) is answered. The rest share one transaction: lock their rows in key order in one statement
 * ({@code SELECT ... ORDER BY key FOR UPDATE}), read the clock, ask each rule again, then one
 * {@code UPDATE ... FROM unnest(...)}, one {@code DELETE ... USING unnest(...)} and one multi-row
 * {@code INSERT ... ON CONFLICT DO NOTHING RETURNING key} (a missing row cannot be locked; a call
 * whose insert found the key taken by another transaction locks that row and asks its rule again in
 * the same transaction), commit, and answer. A deadlock or serialization failure runs the
 * transaction again, up to three times. A rule runs on whichever caller's thread runs the batch.
 *
 * <p><b>Failures.</b> Every database failure (down, unreachable, timed out, pool exhausted) is
 * thrown as {@code UNAVAILABLE} naming the SQLSTATE and the cause; the pool reconnects by itself
 * when the database is back. Nothing is acknowledged before it is committed: when a batch's
 * read fails, every call in it fails with {@code UNAVAILABLE}; when its transaction fails, every
 * call in it that would write does (a failed
 * commit may still have been carried out, as with any database). A rule's exception fails only
 * the call whose rule threw, and nothing is written for that call.
 */
public final class JooqPresenceStore implements PresenceStore {

    private static final SchemaScript SCRIPT = SchemaScript.load("presence-store.sql");
    /** The common table expression holding the clock reading an admission is judged at. */
    private static final String ADMISSION_CLOCK = "admission_clock";
    /** The most computes one batch carries out. */
    private static final int MAX_BATCH_SIZE = 512;

    private final DataSource dataSource;
    private final DSLContext dsl;
    private final PresenceTable table;
    private final ComputeQueue computes;
    private final ExpiryStatement<SessionKey> expiredKeys;
    private final ExpiryStatement<Session> expiredDelete;
    private final String component;

    private JooqPresenceStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.dsl = DSL.using(builder.dataSource, SQLDialect.POSTGRES);
        this.table = new PresenceTable(Optional.ofNullable(builder.schema), builder.prefix);
        this.component = "presence store \"" + table.table.getQualifiedName().last() + "\"";
        SessionCompute computing = new SessionCompute(builder.dataSource, dsl, table, new RowArrays(table),
                component);
        this.computes = new ComputeQueue(builder.concurrentBatches, MAX_BATCH_SIZE, computing::run);
        this.expiredKeys = new ExpiryStatement<>(dsl, this::expiredQuery, SessionRecords::key);
        this.expiredDelete = new ExpiryStatement<>(dsl, this::deleteExpiredQuery,
                row -> SessionRecords.session(row, 1).orElseThrow());
    }

    /**
     * Starts configuring a store.
     *
     * @param dataSource the pool every statement borrows a connection from; the store never closes it
     * @return a builder with no schema (the connections' search path) and prefix ""
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * The presence table's DDL as shipped.
     *
     * @return the DDL {@link #migrate()} runs, with psql variables for the schema and the prefixed
     *     names (see its header), for teams that run their own migrations
     */
    public static String schemaScript() {
        return SCRIPT.text();
    }

    /**
     * Creates the table and its indexes when they do not exist; running it again, or on several
     * nodes at once, changes nothing. The schema itself must exist.
     *
     * @throws dev.syncpack.spi.error.UnavailableException when the database fails
     */
    public void migrate() {
        guarded("create its table", () -> {
            SCRIPT.migrate(dsl, table.schema, Map.of("table", table.tableName,
                    "expires_index", table.expiresIndex, "actor_index", table.actorIndex));
            return null;
        });
    }

    @Override
    public Instant now() {
        return guarded("read the database clock", () -> dsl.select(SessionCompute.CLOCK).fetchSingle().value1())
                .truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        return computes.submit(key, rule);
    }

    /** @return how many {@link #compute} calls wait for a batch, for tests */
    int queuedComputes() {
        return computes.queued();
    }

    @Override
    public Optional<Session> get(SessionKey key) {
        return guarded("read a session", () -> dsl.select(table.columns).from(table.table).where(table.is(key))
                .fetchOptional().flatMap(record -> SessionRecords.session(record, 0)));
    }

    @Override
    public List<Session> list(String scope, String channel, Instant now) {
        return guarded("list a channel", () -> sessions(dsl.select(table.columns).from(table.table)
                .where(table.scope.eq(scope), table.channel.eq(channel), table.expiresAt.gt(now))));
    }

    @Override
    public ChannelCount count(String scope, String channel, Instant now) {
        return guarded("count a channel", () -> {
            Record record = dsl.select(DSL.count(), countDistinct(table.actorId)).from(table.table)
                    .where(table.scope.eq(scope), table.channel.eq(channel), table.expiresAt.gt(now))
                    .fetchSingle();
            return new ChannelCount(record.get(0, Integer.class), record.get(1, Integer.class));
        });
    }

    @Override
    public int countSessions(String scope, String channel, Instant now) {
        return guarded("count a channel's sessions", () -> dsl.selectCount().from(table.table)
                .where(table.scope.eq(scope), table.channel.eq(channel), table.expiresAt.gt(now))
                .fetchSingle().value1());
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement: the database clock read once (a materialized common table expression, as
     * PostgreSQL would otherwise inline the volatile {@code clock_timestamp()} and read it again for
     * every row), truncated to milliseconds, and the stored row, the channel's live count and the
     * actor's live channels judged at it.
     */
    @Override
    public Admission admission(SessionKey key) {
        Objects.requireNonNull(key, "key");
        Field<Instant> clockNow = DSL.field(DSL.name(ADMISSION_CLOCK, "now"), InstantBinding.INSTANT);
        Field<Integer> channelSessions = DSL.field(DSL.selectCount().from(table.table)
                .where(table.scope.eq(key.scope()), table.channel.eq(key.channel()), table.expiresAt.gt(clockNow)));
        Field<String[]> actorChannels = DSL.array(DSL.selectDistinct(table.channel).from(table.table)
                .where(table.scope.eq(key.scope()), table.actorId.eq(key.actorId()), table.expiresAt.gt(clockNow)));
        CommonTableExpression<Record1<Instant>> clock = DSL.name(ADMISSION_CLOCK).fields("now").asMaterialized(
                DSL.select(DSL.field("date_trunc('milliseconds', clock_timestamp())", InstantBinding.INSTANT)));
        return guarded("read what a join is admitted by", () -> {
            Record record = dsl.with(clock).select(clockNow, channelSessions, actorChannels).select(table.columns)
                    .from(clock)
                    .leftJoin(table.table).on(table.is(key))
                    .fetchSingle();
            return new Admission(record.get(0, Instant.class), SessionRecords.session(record, 3),
                    record.get(1, Integer.class), Set.of(record.get(2, String[].class)));
        });
    }

    @Override
    public List<Session> sessionsOfActor(String scope, String actorId) {
        return guarded("list an actor's sessions", () -> sessions(dsl.select(table.columns).from(table.table)
                .where(table.scope.eq(scope), table.actorId.eq(actorId))));
    }

    @Override
    public Optional<Session> deleteIfExpired(SessionKey key, Instant now) {
        return guarded("delete an expired session", () -> dsl.deleteFrom(table.table)
                .where(table.is(key), table.expiresAt.le(now))
                .returning(table.columns)
                .fetchOptional()
                .flatMap(record -> SessionRecords.session(record, 0)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement: {@code DELETE ... WHERE ctid = ANY(ARRAY(SELECT ctid ... WHERE expires_at <=
     * now ORDER BY expires_at LIMIT n FOR UPDATE SKIP LOCKED)) AND expires_at <= now RETURNING *}: a
     * range scan of the {@code expires_at} index and a direct fetch of each row, no lookup by key.
     * Rows another transaction holds (a heartbeat renewing them, another node's sweep) are skipped.
     */
    @Override
    public List<Session> deleteExpired(Instant now, int limit) {
        requireLimit(limit);
        return guarded("delete expired sessions", () -> expiredDelete.run(dataSource, now, limit));
    }

    @Override
    public List<SessionKey> expired(Instant now, int limit) {
        requireLimit(limit);
        return guarded("find expired sessions", () -> expiredKeys.run(dataSource, now, limit));
    }

    private Query deleteExpiredQuery(Instant now, int limit) {
        Field<Object> ctid = DSL.field(DSL.name("ctid"));
        var victims = dsl.select(ctid).from(table.table)
                .where(table.expiresAt.le(now))
                .orderBy(table.expiresAt)
                .limit(limit)
                .forUpdate()
                .skipLocked();
        return dsl.deleteFrom(table.table)
                .where(DSL.condition("{0} = any(array({1}))", ctid, victims))
                .and(table.expiresAt.le(now))
                .returning(table.columns);
    }

    /** The query behind {@link #expired}: a range scan of the {@code expires_at} index in order. */
    ResultQuery<? extends Record> expiredQuery(Instant now, int limit) {
        return dsl.select(table.key).from(table.table)
                .where(table.expiresAt.le(now))
                .orderBy(table.expiresAt)
                .limit(limit);
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    private List<Session> sessions(ResultQuery<? extends Record> query) {
        List<Session> found = new ArrayList<>();
        for (Record record : query.fetch()) {
            SessionRecords.session(record, 0).ifPresent(found::add);
        }
        return found;
    }

    private <T> T guarded(String action, Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            throw StoreFailures.unavailable(component, action, e);
        }
    }

    /** Configures a {@link JooqPresenceStore}. */
    public static final class Builder {
        private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,64}");

        private final DataSource dataSource;
        private String schema;
        private String prefix = "";
        private int concurrentBatches = 4;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Puts the table in a schema of its own.
         *
         * @param schema the schema holding the table; default: the connections' search path
         * @return this builder
         * @throws IllegalArgumentException when blank or longer than 63 bytes
         */
        public Builder schema(String schema) {
            Objects.requireNonNull(schema, "schema");
            if (schema.isBlank()) {
                throw new IllegalArgumentException("schema must not be blank, was \"" + schema + "\"");
            }
            PresenceTable.checkedName(schema, "schema");
            this.schema = schema;
            return this;
        }

        /**
         * Prefixes the table and index names.
         *
         * @param prefix prepended to the table and index names, like the presence pack's prefix;
         *     default ""
         * @return this builder
         * @throws IllegalArgumentException when it has characters other than letters, digits,
         *     {@code _}, {@code -} and {@code .}, or makes a name longer than PostgreSQL keeps
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("prefix must be up to 64 letters, digits, '_', '-' or '.', was \""
                        + prefix + "\"");
            }
            new PresenceTable(Optional.empty(), prefix);
            this.prefix = prefix;
            return this;
        }

        /**
         * Bounds how many batches of {@link #compute} calls run at once; each holds one pooled
         * connection while it runs, and calls arriving while all run wait to share a later batch.
         *
         * @param concurrentBatches at least 1, and at most the pool's size; default 4
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder concurrentBatches(int concurrentBatches) {
            if (concurrentBatches < 1) {
                throw new IllegalArgumentException("concurrentBatches must be at least 1, was " + concurrentBatches);
            }
            this.concurrentBatches = concurrentBatches;
            return this;
        }

        /**
         * Builds the store; it touches the database only when used.
         *
         * @return the store
         */
        public JooqPresenceStore build() {
            return new JooqPresenceStore(this);
        }
    }
}
