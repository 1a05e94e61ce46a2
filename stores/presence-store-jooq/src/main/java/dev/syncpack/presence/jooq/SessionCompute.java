package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.trueCondition;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.spi.error.InternalException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The atomic per-key operation of {@link JooqPresenceStore}: an unlocked read that answers when the
 * rule writes nothing, else one transaction that locks the row, reads the clock, asks the rule and
 * writes what it decided. Database failures are thrown as jOOQ {@link DataAccessException}s; the
 * rule's own exceptions pass through untouched.
 */
final class SessionCompute {

    /** The database clock, read where the statement evaluates it. */
    static final Field<Instant> CLOCK = field("clock_timestamp()", InstantBinding.INSTANT);

    private static final int MAX_INSERT_RACES = 100;

    private final DataSource dataSource;
    private final PresenceTable table;
    private final SessionRecords records;
    private final RenewalWrites renewals;
    private final String component;

    SessionCompute(DataSource dataSource, PresenceTable table, SessionRecords records, RenewalWrites renewals,
                   String component) {
        this.dataSource = dataSource;
        this.table = table;
        this.records = records;
        this.renewals = renewals;
        this.component = component;
    }

    private record Snapshot(Optional<Session> session, Instant now) {
    }

    Transition compute(DSLContext dsl, SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        Snapshot seen = read(dsl, key, false);
        Transition proposed = ask(rule, key, seen);
        boolean writesNothing = proposed instanceof Transition.Keep || proposed instanceof Transition.Reject;
        if (writesNothing) {
            return proposed;
        }
        if (renewals.mayKeep(seen.session(), proposed, seen.now())) {
            return new Transition.Keep(seen.session());
        }
        return computeLocked(key, rule);
    }

    /** @return the condition selecting exactly {@code key}'s row */
    Condition is(SessionKey key) {
        return row(table.scope, table.channel, table.actorId, table.sessionId)
                .eq(key.scope(), key.channel(), key.actorId(), key.sessionId());
    }

    private Transition computeLocked(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Transition done = lockAndApply(DSL.using(connection, SQLDialect.POSTGRES), key, rule);
                connection.commit();
                return done;
            } catch (RuntimeException | Error failure) {
                rollback(connection, failure);
                throw failure;
            }
        } catch (SQLException e) {
            throw new DataAccessException("connection failed during a locked write", e);
        }
    }

    private Transition lockAndApply(DSLContext tx, SessionKey key,
                                    BiFunction<Optional<Session>, Instant, Transition> rule) {
        for (int attempt = 0; attempt < MAX_INSERT_RACES; attempt++) {
            Snapshot locked = read(tx, key, true);
            Transition decided = ask(rule, key, locked);
            if (write(tx, key, locked.session(), decided)) {
                return decided;
            }
        }
        throw new InternalException(component + " lost " + MAX_INSERT_RACES + " races to insert one session in a row; "
                + "something keeps inserting and deleting it");
    }

    /** @return false when an insert found the key taken by a concurrent insert */
    private boolean write(DSLContext tx, SessionKey key, Optional<Session> locked, Transition decided) {
        return switch (decided) {
            case Transition.Upsert upsert when locked.isPresent() ->
                    tx.update(table.table).set(records.changes(upsert.after())).where(is(key)).execute() == 1;
            case Transition.Upsert upsert -> tx.insertInto(table.table, table.columns)
                    .values(records.values(upsert.after()))
                    .onConflictDoNothing()
                    .execute() == 1;
            case Transition.Delete delete -> {
                tx.deleteFrom(table.table).where(is(key)).execute();
                yield true;
            }
            case Transition.Keep keep -> true;
            case Transition.Reject reject -> true;
        };
    }

    /**
     * The session and the clock in one statement: {@code SELECT clock_timestamp(), s.* FROM
     * (SELECT 1) LEFT JOIN LATERAL (SELECT ... [FOR UPDATE]) s ON true}. The clock is computed by
     * the outer join, after the subquery has taken the lock.
     */
    private Snapshot read(DSLContext context, SessionKey key, boolean lock) {
        var row = select(table.columns).from(table.table).where(is(key));
        Table<?> session = lateral(lock ? row.forUpdate() : row).as("s");
        List<Field<?>> fields = new ArrayList<>();
        fields.add(CLOCK);
        for (Field<?> column : table.columns) {
            fields.add(session.field(column.getUnqualifiedName()));
        }
        Record record = context.select(fields).from(selectOne().asTable("one"))
                .leftJoin(session).on(trueCondition())
                .fetchSingle();
        return new Snapshot(records.session(record, 1), record.get(0, Instant.class).truncatedTo(ChronoUnit.MILLIS));
    }

    private static Transition ask(BiFunction<Optional<Session>, Instant, Transition> rule, SessionKey key,
                                  Snapshot seen) {
        Transition decided = Objects.requireNonNull(rule.apply(seen.session(), seen.now()), "rule returned null");
        if (decided instanceof Transition.Upsert upsert && !upsert.after().key().equals(key)) {
            throw new IllegalArgumentException("rule returned a session for " + upsert.after().key() + " instead of " + key);
        }
        return decided;
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
