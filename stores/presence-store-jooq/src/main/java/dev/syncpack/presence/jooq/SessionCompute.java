package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.select;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.spi.error.InternalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;

/**
 * The atomic per-key operation of {@link JooqPresenceStore}, for a batch of requests with distinct
 * keys at once: one unlocked read of every key and the clock answers each request whose rule writes
 * nothing; the rest share one transaction that locks their rows, reads the clock, asks their rules
 * again and writes what they decided in one statement per kind of write. Every request is completed:
 * a rule's exception fails its own request, a database failure every request not yet answered
 * (with UNAVAILABLE), and nothing that writes is answered before the commit.
 */
final class SessionCompute {

    /** The database clock, read where the statement evaluates it. */
    static final Field<Instant> CLOCK = field("clock_timestamp()", InstantBinding.INSTANT);

    private static final int MAX_INSERT_RACES = 100;
    /** Transactions run again after a deadlock or serialization failure before the batch fails. */
    private static final int MAX_TRANSACTION_ATTEMPTS = 3;
    private static final Set<String> RETRYABLE_STATES = Set.of("40P01", "40001");

    private final DataSource dataSource;
    private final KeyedRead unlockedRead;
    private final KeyedRead lockedRead;
    private final String update;
    private final String delete;
    private final String insert;
    private final String component;

    SessionCompute(DataSource dataSource, DSLContext dsl, PresenceTable table, RowArrays arrays, String component) {
        this.dataSource = dataSource;
        this.unlockedRead = new KeyedRead(dsl, table, arrays, false);
        this.lockedRead = new KeyedRead(dsl, table, arrays, true);
        this.update = updateStatement(dsl, table, arrays);
        this.delete = deleteStatement(dsl, table, arrays);
        this.insert = insertStatement(dsl, table, arrays);
        this.component = component;
    }

    /** A request and the transition carried out for it, answered after the commit. */
    private record Decided(ComputeRequest request, Transition transition) {
    }

    /**
     * Carries out a batch and completes every request in it.
     *
     * @param batch requests with distinct keys
     */
    void run(List<ComputeRequest> batch) {
        try {
            KeyedRead.Snapshot seen = readUnlocked(batch);
            List<ComputeRequest> writing = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                ComputeRequest request = batch.get(i);
                request.ask(seen.at(i), seen.now()).ifPresent(proposed -> {
                    if (proposed instanceof Transition.Keep || proposed instanceof Transition.Reject) {
                        request.succeed(proposed);
                    } else {
                        writing.add(request);
                    }
                });
            }
            if (!writing.isEmpty()) {
                computeLocked(writing);
            }
        } catch (DataAccessException e) {
            for (ComputeRequest request : batch) {
                if (!request.isDone()) {
                    request.fail(StoreFailures.unavailable(component, "compute a session", e));
                }
            }
        }
    }

    private KeyedRead.Snapshot readUnlocked(List<ComputeRequest> batch) {
        try (Connection connection = dataSource.getConnection()) {
            return unlockedRead.read(connection, keys(batch));
        } catch (SQLException e) {
            throw new DataAccessException("could not borrow a connection to read sessions", e);
        }
    }

    private void computeLocked(List<ComputeRequest> requests) {
        for (int attempt = 1; ; attempt++) {
            try {
                transaction(requests.stream().filter(request -> !request.isDone()).toList());
                return;
            } catch (DataAccessException e) {
                if (attempt == MAX_TRANSACTION_ATTEMPTS || !RETRYABLE_STATES.contains(e.sqlState())) {
                    throw e;
                }
            }
        }
    }

    private void transaction(List<ComputeRequest> requests) {
        List<Decided> decided;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                decided = lockAndApply(connection, requests);
                connection.commit();
            } catch (SQLException | RuntimeException | Error failure) {
                rollback(connection, failure);
                throw failure;
            }
        } catch (SQLException e) {
            throw new DataAccessException("a locked write failed", e);
        }
        decided.forEach(done -> done.request().succeed(done.transition()));
    }

    /**
     * Locks the rows, asks the rules and writes; a new session whose insert found the key taken by
     * a concurrent insert goes round again, its row now there to lock.
     *
     * @return what was carried out, to answer once committed
     */
    private List<Decided> lockAndApply(Connection connection, List<ComputeRequest> requests) throws SQLException {
        List<Decided> decided = new ArrayList<>();
        List<ComputeRequest> pending = requests;
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == MAX_INSERT_RACES) {
                pending.forEach(request -> request.fail(new InternalException(component + " lost " + MAX_INSERT_RACES
                        + " races to insert one session in a row; something keeps inserting and deleting it")));
                break;
            }
            KeyedRead.Snapshot locked = lockedRead.read(connection, keys(pending));
            List<Session> updates = new ArrayList<>();
            List<SessionKey> deletes = new ArrayList<>();
            Map<SessionKey, Decided> inserts = new TreeMap<>();
            for (int i = 0; i < pending.size(); i++) {
                ComputeRequest request = pending.get(i);
                Optional<Session> stored = locked.at(i);
                request.ask(stored, locked.now()).ifPresent(transition -> {
                    Decided done = new Decided(request, transition);
                    switch (transition) {
                        case Transition.Upsert upsert when stored.isPresent() -> {
                            updates.add(upsert.after());
                            decided.add(done);
                        }
                        case Transition.Upsert upsert -> inserts.put(request.key, done);
                        case Transition.Delete delete -> {
                            deletes.add(request.key);
                            decided.add(done);
                        }
                        case Transition.Keep keep -> decided.add(done);
                        case Transition.Reject reject -> decided.add(done);
                    }
                });
            }
            update(connection, updates);
            delete(connection, deletes);
            Set<SessionKey> inserted = insert(connection, inserts.values().stream()
                    .map(done -> done.transition().stored().orElseThrow()).toList());
            List<ComputeRequest> lost = new ArrayList<>();
            inserts.forEach((key, done) -> {
                if (inserted.contains(key)) {
                    decided.add(done);
                } else {
                    lost.add(done.request());
                }
            });
            pending = lost;
        }
        return decided;
    }

    /** {@code UPDATE presence SET ... FROM unnest(...) v WHERE <key> = v.<key>}. */
    private static String updateStatement(DSLContext dsl, PresenceTable table, RowArrays arrays) {
        Table<?> given = arrays.sessions("v");
        Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
        for (Field<?> column : table.columns) {
            if (!table.key.contains(column)) {
                set.put(column, RowArrays.column(given, column));
            }
        }
        return RowArrays.render(dsl, dsl.update(table.table).set(set).from(given).where(arrays.sameKey(given)),
                RowArrays.sessionArrays());
    }

    /** {@code DELETE FROM presence USING unnest(...) k WHERE <key> = k.<key>}. */
    private static String deleteStatement(DSLContext dsl, PresenceTable table, RowArrays arrays) {
        Table<?> given = arrays.keys("k");
        return RowArrays.render(dsl, dsl.deleteFrom(table.table).using(given).where(arrays.sameKey(given)),
                RowArrays.keyArrays());
    }

    /** {@code INSERT ... SELECT * FROM unnest(...) ON CONFLICT DO NOTHING RETURNING <key>}. */
    private static String insertStatement(DSLContext dsl, PresenceTable table, RowArrays arrays) {
        Table<?> given = arrays.sessions("v");
        return RowArrays.render(dsl, dsl.insertInto(table.table, table.columns)
                .select(select(RowArrays.columns(given, table.columns)).from(given))
                .onConflictDoNothing()
                .returningResult(table.key), RowArrays.sessionArrays());
    }

    private void update(Connection connection, List<Session> sessions) throws SQLException {
        if (sessions.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            RowArrays.bindSessions(connection, statement, sessions);
            statement.executeUpdate();
        }
    }

    private void delete(Connection connection, List<SessionKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(delete)) {
            RowArrays.bindKeys(connection, statement, keys);
            statement.executeUpdate();
        }
    }

    /**
     * Inserts in key order, so that concurrent inserts of overlapping keys wait for each other
     * instead of deadlocking.
     *
     * @param sessions in key order
     * @return the keys inserted; the others were taken by a concurrent insert
     */
    private Set<SessionKey> insert(Connection connection, List<Session> sessions) throws SQLException {
        if (sessions.isEmpty()) {
            return Set.of();
        }
        Set<SessionKey> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            RowArrays.bindSessions(connection, statement, sessions);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    inserted.add(SessionRecords.key(rows));
                }
            }
        }
        return inserted;
    }

    private static List<SessionKey> keys(List<ComputeRequest> requests) {
        List<SessionKey> keys = new ArrayList<>(requests.size());
        for (ComputeRequest request : requests) {
            keys.add(request.key);
        }
        return keys;
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
