package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import dev.syncpack.spi.cluster.ClusterBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Receives the other nodes' batches on a dedicated connection that {@code LISTEN}s, polled by a
 * daemon thread. Batches that came by reference are read from the log on the same connection.
 * When the connection is lost it reconnects with backoff and replays from the log what was
 * published since shortly before the loss, skipping what it already delivered (log ids grow in
 * each origin's publish order), so an outage of the listening connection loses nothing the log
 * still holds.
 */
final class BusListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresClusterBus.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration REPLAY_MARGIN = Duration.ofSeconds(30);
    private static final Duration KEEPALIVE = Duration.ofSeconds(5);

    private final DataSource connections;
    private final BusTable log;
    private final String channel;
    private final String self;
    private final Consumer<ClusterBatch> deliver;
    private final Duration poll;
    private final Duration maxRetry;
    private final Duration retention;
    private final Map<String, Long> lastDelivered = new HashMap<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;

    BusListener(DataSource connections, BusTable log, String channel, String self, Consumer<ClusterBatch> deliver,
                Duration poll, Duration maxRetry, Duration retention) {
        this.connections = connections;
        this.log = log;
        this.channel = channel;
        this.self = self;
        this.deliver = deliver;
        this.poll = poll;
        this.maxRetry = maxRetry;
        this.retention = retention;
        this.thread = Thread.ofPlatform().daemon().name("syncpack-bus-listen-" + self).start(this::run);
    }

    /** @return true once the first {@code LISTEN} succeeded within {@code timeout} */
    boolean awaitListening(Duration timeout) throws InterruptedException {
        return listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        Optional<Instant> lostAt = Optional.empty();
        Duration delay = FIRST_RETRY;
        int failures = 0;
        while (!closed) {
            try (Connection connection = connections.getConnection()) {
                connection.setAutoCommit(true);
                DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
                db.query("LISTEN {0}", name(channel)).execute();
                Instant listeningAt = db.select(field("clock_timestamp()", SQLDataType.INSTANT)).fetchSingle().value1();
                long startNanos = System.nanoTime();
                if (lostAt.isPresent()) {
                    replay(db, lostAt.get().minus(REPLAY_MARGIN), listeningAt);
                    LOG.log(System.Logger.Level.INFO, "cluster bus of node {0} listens again after {1} failed attempts",
                            self, failures);
                }
                lostAt = Optional.of(listeningAt);
                listening.countDown();
                delay = FIRST_RETRY;
                failures = 0;
                PGConnection notifications = connection.unwrap(PGConnection.class);
                long checkedNanos = startNanos;
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications((int) poll.toMillis());
                    for (PGNotification notification : received) {
                        handle(db, notification.getParameter());
                    }
                    if (received.length == 0 && System.nanoTime() - checkedNanos > KEEPALIVE.toNanos()) {
                        if (!connection.isValid(2)) {
                            throw new SQLException("the listening connection stopped answering", "08006");
                        }
                        checkedNanos = System.nanoTime();
                    }
                    lostAt = Optional.of(listeningAt.plusNanos(System.nanoTime() - startNanos));
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                failures++;
                if (failures == 1 || Integer.bitCount(failures) == 1) {
                    LOG.log(System.Logger.Level.WARNING, "cluster bus of node " + self + " lost its listening connection "
                            + "(attempt " + failures + "); reconnecting in " + delay + ": " + StoreFailures.describe(e));
                }
                if (!pause(delay)) {
                    return;
                }
                delay = delay.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : delay.multipliedBy(2);
            }
        }
    }

    private void handle(DSLContext db, String text) {
        BusMessages.Notice notice;
        try {
            notice = BusMessages.parse(text);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster bus of node {0} ignored a foreign notification on channel {1}: {2}",
                    self, channel, e.getMessage());
            return;
        }
        if (notice.origin().equals(self) || notice.id() <= lastDelivered.getOrDefault(notice.origin(), 0L)) {
            return;
        }
        Optional<String> json = notice.inline().or(() -> db.select(log.payload).from(log.table)
                .where(log.id.eq(notice.id())).fetchOptional(log.payload).map(JSONB::data));
        if (json.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "cluster bus of node {0} cannot read batch {1} of node {2}: the log no "
                    + "longer holds it (retention {3}); subscribers here miss that change", self, notice.id(),
                    notice.origin(), retention);
            return;
        }
        apply(notice.id(), notice.origin(), json.get());
    }

    private void replay(DSLContext db, Instant since, Instant now) {
        if (since.isBefore(now.minus(retention))) {
            LOG.log(System.Logger.Level.ERROR, "cluster bus of node {0} was not listening for longer than the log's "
                    + "retention ({1}); batches published before {2} may be missed", self, retention, now.minus(retention));
        }
        int replayed = 0;
        for (Record3<Long, String, JSONB> row : db.select(log.id, log.origin, log.payload).from(log.table)
                .where(log.createdAt.ge(since), log.origin.ne(self))
                .orderBy(log.id)
                .fetch()) {
            if (row.value1() > lastDelivered.getOrDefault(row.value2(), 0L)) {
                apply(row.value1(), row.value2(), row.value3().data());
                replayed++;
            }
        }
        if (replayed > 0) {
            LOG.log(System.Logger.Level.INFO, "cluster bus of node {0} replayed {1} batches it missed while reconnecting",
                    self, replayed);
        }
    }

    private void apply(long id, String origin, String json) {
        lastDelivered.put(origin, id);
        ClusterBatch batch;
        try {
            batch = BusMessages.decode(json);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "cluster bus of node " + self + " cannot decode batch " + id + " of node "
                    + origin, e);
            return;
        }
        deliver.accept(batch);
    }

    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(poll.toMillis() + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
