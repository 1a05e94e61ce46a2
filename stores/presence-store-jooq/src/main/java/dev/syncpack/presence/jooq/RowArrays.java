package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Many keys or sessions in one statement: each column travels as one array parameter and
 * {@code unnest(...)} turns the arrays back into rows, so the statement's text (and plan) is the
 * same whatever the number of rows, and joining it to the table on the key costs one primary-key
 * lookup per row. A list of row comparisons would instead cost a plan as long as the list.
 *
 * <p>The statements are rendered once by jOOQ with the arrays as parameters ({@link #render}) and
 * run through JDBC, which binds each column's values as one array ({@link #bindKeys},
 * {@link #bindSessions}); building, rendering and binding them through jOOQ for every batch cost more
 * CPU than PostgreSQL spent running them.
 */
final class RowArrays {

    /** The column {@link #numberedKeys} numbers its rows in, from 1 in the arrays' order. */
    static final String ORDINAL = "ordinal";

    /** One column of the rows as an array parameter: its type and each row's value as text. */
    private record Column<R>(DataType<?> type, String arrayElementType, Function<R, String> text) {
        /** @return the same column read from a part of another kind of row */
        <S> Column<S> of(Function<S, R> part) {
            return new Column<>(type, arrayElementType, part.andThen(text));
        }
    }

    private static final List<Column<SessionKey>> KEY_COLUMNS = List.of(
            new Column<>(SQLDataType.VARCHAR, "varchar", SessionKey::scope),
            new Column<>(SQLDataType.VARCHAR, "varchar", SessionKey::channel),
            new Column<>(SQLDataType.VARCHAR, "varchar", SessionKey::actorId),
            new Column<>(SQLDataType.VARCHAR, "varchar", SessionKey::sessionId));

    /**
     * In the presence table's column order, the key's first; times as ISO-8601 text, which
     * {@code timestamptz} reads exactly.
     */
    private static final List<Column<Session>> SESSION_COLUMNS = Stream.concat(
            KEY_COLUMNS.stream().map(column -> column.of(Session::key)),
            Stream.<Column<Session>>of(
                    new Column<>(SQLDataType.JSONB, "jsonb", session -> SessionRecords.writeJson(session.state())),
                    new Column<>(SQLDataType.VARCHAR, "varchar", session -> session.activity().wireName()),
                    new Column<>(SQLDataType.INSTANT, "timestamptz", session -> session.joinedAt().toString()),
                    new Column<>(SQLDataType.INSTANT, "timestamptz", session -> session.heartbeatAt().toString()),
                    new Column<>(SQLDataType.INSTANT, "timestamptz", session -> session.activeAt().toString()),
                    new Column<>(SQLDataType.INSTANT, "timestamptz", session -> session.expiresAt().toString())))
            .toList();

    private final PresenceTable table;

    RowArrays(PresenceTable table) {
        this.table = table;
    }

    /** @return {@code unnest(scopes, channels, actors, sessions) AS alias(scope, channel, actor_id, session_id)} */
    Table<?> keys(String alias) {
        return unnest(alias, KEY_COLUMNS, "", names(table.key));
    }

    /**
     * @return {@code unnest(scopes, channels, actors, sessions) WITH ORDINALITY AS alias(scope,
     *     channel, actor_id, session_id, ordinal)}
     */
    Table<?> numberedKeys(String alias) {
        List<String> names = new ArrayList<>(names(table.key));
        names.add(ORDINAL);
        return unnest(alias, KEY_COLUMNS, " with ordinality", names);
    }

    /** @return the sessions as rows named like the table's columns, under {@code alias} */
    Table<?> sessions(String alias) {
        return unnest(alias, SESSION_COLUMNS, "", names(table.columns));
    }

    /** @return the {@link #ORDINAL} column of a table made by {@link #numberedKeys} */
    static Field<Long> ordinal(Table<?> numberedKeys) {
        return field(name(numberedKeys.getName(), ORDINAL), SQLDataType.BIGINT);
    }

    /**
     * @param rows a table made by {@link #keys} or {@link #sessions}
     * @param column a column of the presence table
     * @return the same column of {@code rows}
     */
    static <T> Field<T> column(Table<?> rows, Field<T> column) {
        return field(name(rows.getName(), column.getName()), column.getDataType());
    }

    /**
     * @param rows a table made by {@link #sessions}
     * @param columns columns of the presence table
     * @return the same columns of {@code rows}, in order
     */
    static List<Field<?>> columns(Table<?> rows, List<? extends Field<?>> columns) {
        List<Field<?>> same = new ArrayList<>(columns.size());
        for (Field<?> column : columns) {
            same.add(column(rows, column));
        }
        return same;
    }

    /** @return the condition joining the presence table's rows to the rows of {@code rows} with the same key */
    Condition sameKey(Table<?> rows) {
        return DSL.and(table.key.stream().map(column -> column.eq(column(rows, column))).toList());
    }

    /**
     * @param query a statement whose only parameters are the arrays of one table made here
     * @param arrays how many arrays that table has: 4 for keys, 10 for sessions
     * @return its SQL with a {@code ?} for each array
     * @throws IllegalStateException when the statement has other parameters
     */
    static String render(DSLContext dsl, Query query, int arrays) {
        int parameters = query.getBindValues().size();
        if (parameters != arrays) {
            throw new IllegalStateException("a statement over row arrays renders " + parameters
                    + " parameters instead of " + arrays);
        }
        return dsl.render(query);
    }

    /** How many arrays {@link #bindKeys} binds. */
    static int keyArrays() {
        return KEY_COLUMNS.size();
    }

    /** How many arrays {@link #bindSessions} binds. */
    static int sessionArrays() {
        return SESSION_COLUMNS.size();
    }

    /** Binds the keys' four arrays to the statement's first parameters. */
    static void bindKeys(Connection connection, PreparedStatement statement, List<SessionKey> keys)
            throws SQLException {
        bind(connection, statement, KEY_COLUMNS, keys);
    }

    /** Binds the sessions' ten arrays, in the table's column order, to the statement's first parameters. */
    static void bindSessions(Connection connection, PreparedStatement statement, List<Session> sessions)
            throws SQLException {
        bind(connection, statement, SESSION_COLUMNS, sessions);
    }

    private static <R> void bind(Connection connection, PreparedStatement statement, List<Column<R>> columns,
                                 List<R> rows) throws SQLException {
        for (int c = 0; c < columns.size(); c++) {
            Column<R> column = columns.get(c);
            String[] values = new String[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = column.text().apply(rows.get(i));
            }
            statement.setArray(c + 1, connection.createArrayOf(column.arrayElementType(), values));
        }
    }

    private static Table<?> unnest(String alias, List<? extends Column<?>> columns, String suffix, List<String> names) {
        String placeholders = String.join(", ", IntStream.range(0, columns.size())
                .mapToObj(i -> "{" + i + "}").toList());
        QueryPart[] arrays = columns.stream().map(column -> emptyArray(column.type())).toArray(QueryPart[]::new);
        return DSL.table("unnest(" + placeholders + ")" + suffix, (Object[]) arrays)
                .as(alias, names.toArray(String[]::new));
    }

    private static <T> Field<T[]> emptyArray(DataType<T> type) {
        @SuppressWarnings("unchecked")
        T[] empty = (T[]) java.lang.reflect.Array.newInstance(type.getType(), 0);
        return DSL.val(empty, type.array());
    }

    private static List<String> names(List<? extends Field<?>> columns) {
        return columns.stream().map(Field::getName).toList();
    }
}
