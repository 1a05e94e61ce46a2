package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Sends this node's batches in the order they were published, on a thread of its own. Each batch
 * is one statement that logs it and notifies; the batches waiting when the thread comes round
 * (up to {@value #MAX_PER_COMMIT}) go in one transaction, so a node publishing faster than one
 * commit at a time does not fall behind. A send that fails is retried with backoff, in order,
 * until it succeeds or the bus closes; it is never skipped.
 */
final class BusSender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresClusterBus.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration PRUNE_EVERY = Duration.ofSeconds(30);
    /** The most batches one transaction sends. */
    static final int MAX_PER_COMMIT = 100;

    private record Outgoing(long version, String json) {
    }

    private final DSLContext dsl;
    private final BusTable log;
    private final String channel;
    private final String origin;
    private final Duration retention;
    private final Duration maxRetry;
    private final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile int sending;
    private long lastPruneNanos = System.nanoTime();

    BusSender(DSLContext dsl, BusTable log, String channel, String origin, Duration retention, Duration maxRetry) {
        this.dsl = dsl;
        this.log = log;
        this.channel = channel;
        this.origin = origin;
        this.retention = retention;
        this.maxRetry = maxRetry;
        this.thread = Thread.ofPlatform().daemon().name("syncpack-bus-send-" + origin).start(this::run);
    }

    /** Queues a batch; returns at once. */
    void enqueue(long version, String json) {
        if (closing) {
            throw new IllegalStateException("cluster bus of node " + origin + " is closed; batch " + version
                    + " cannot be sent");
        }
        queue.add(new Outgoing(version, json));
    }

    /** @return how many batches wait to be sent, those being sent included */
    int backlog() {
        return queue.size() + sending;
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            Outgoing next;
            try {
                next = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next != null) {
                List<Outgoing> batches = new ArrayList<>();
                batches.add(next);
                queue.drainTo(batches, MAX_PER_COMMIT - 1);
                sending = batches.size();
                boolean sent = sendUntilDone(batches);
                sending = 0;
                if (!sent) {
                    return;
                }
            }
            pruneWhenDue();
        }
    }

    /**
     * Sends the batches in one transaction, so that a backlog costs one commit instead of one per
     * batch; their notifications go out together at the commit, in order. The commit does not wait
     * for the log to reach disk ({@code synchronous_commit off}): the changes a batch carries are
     * already durable in the store, and waiting for a second flush was most of a batch's latency
     * between nodes.
     *
     * @return false when interrupted before the batches went out
     */
    private boolean sendUntilDone(List<Outgoing> batches) {
        Duration delay = FIRST_RETRY;
        int failures = 0;
        Outgoing first = batches.getFirst();
        while (true) {
            try {
                dsl.transaction(configuration -> {
                    DSLContext tx = DSL.using(configuration);
                    tx.execute("SET LOCAL synchronous_commit TO off");
                    batches.forEach(batch -> send(tx, batch));
                });
                if (failures > 0) {
                    LOG.log(System.Logger.Level.INFO, "cluster bus of node {0} sent batch {1} after {2} failed attempts; "
                            + "{3} more were waiting", origin, first.version(), failures, queue.size());
                }
                return true;
            } catch (RuntimeException e) {
                failures++;
                if (failures == 1 || Integer.bitCount(failures) == 1) {
                    LOG.log(System.Logger.Level.WARNING, "cluster bus of node " + origin + " could not send batch "
                            + first.version() + (batches.size() > 1 ? " and the " + (batches.size() - 1) + " after it" : "")
                            + " (attempt " + failures + ", " + queue.size()
                            + " more queued); retrying in order: " + StoreFailures.describe(e));
                }
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                LOG.log(System.Logger.Level.ERROR, "cluster bus of node {0} stopped with batch {1} and {2} more unsent",
                        origin, first.version(), batches.size() - 1 + queue.size());
                return false;
            }
            delay = delay.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : delay.multipliedBy(2);
        }
    }

    /**
     * {@code WITH logged AS (INSERT INTO log (origin, payload) VALUES (...) RETURNING id)
     * SELECT pg_notify(channel, id || ':' || origin || coalesce(':' || inline, '')) FROM logged}.
     */
    private void send(DSLContext tx, Outgoing batch) {
        String inlineJson = BusMessages.fitsInline(origin, batch.json()) ? batch.json() : null;
        CommonTableExpression<Record1<Long>> logged = name("logged").fields("id").as(
                tx.insertInto(log.table, log.origin, log.payload)
                        .values(origin, JSONB.valueOf(batch.json()))
                        .returningResult(log.id));
        Field<Long> id = logged.field("id", Long.class);
        Field<String> text = id.cast(SQLDataType.VARCHAR).concat(inline(":"), val(origin),
                coalesce(inline(":").concat(val(inlineJson, SQLDataType.VARCHAR)), inline("")));
        tx.with(logged).select(function("pg_notify", Object.class, val(channel), text)).from(logged).fetch();
    }

    private void pruneWhenDue() {
        if (System.nanoTime() - lastPruneNanos < PRUNE_EVERY.toNanos()) {
            return;
        }
        lastPruneNanos = System.nanoTime();
        try {
            dsl.deleteFrom(log.table)
                    .where(log.createdAt.lt(field("clock_timestamp() - make_interval(secs => {0})", SQLDataType.INSTANT,
                            val(retention.toSeconds()))))
                    .execute();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster bus of node " + origin + " could not prune its log: "
                    + StoreFailures.describe(e));
        }
    }

    /** Sends what is queued for up to {@code drain}, then stops; batches left unsent are logged. */
    void close(Duration drain) {
        closing = true;
        try {
            thread.join(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
