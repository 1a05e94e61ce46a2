package dev.syncpack.presence.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Many keys or sessions in one statement: each column travels as one array parameter and
 * {@code unnest(...)} turns the arrays back into rows, so the statement's text (and plan) is the
 * same whatever the number of rows, and joining it to the table on the key costs one primary-key
 * lookup per row. A list of row comparisons would instead cost a plan as long as the list.
 */
final class RowArrays {

    private final PresenceTable table;

    RowArrays(PresenceTable table) {
        this.table = table;
    }

    /** The column {@link #numberedKeys} numbers its rows in, from 1 in the arrays' order. */
    static final String ORDINAL = "ordinal";

    /** @return {@code unnest(scopes, channels, actors, sessions) AS alias(scope, channel, actor_id, session_id)} */
    Table<?> keys(String alias, Collection<SessionKey> keys) {
        return unnest(alias, keyArrays(keys), "", names(table.key));
    }

    /**
     * @return {@code unnest(scopes, channels, actors, sessions) WITH ORDINALITY AS alias(scope,
     *     channel, actor_id, session_id, ordinal)} with the four arrays as parameters bound empty, for
     *     a statement rendered once and bound through JDBC
     */
    Table<?> numberedKeys(String alias) {
        List<String> names = new ArrayList<>(names(table.key));
        names.add(ORDINAL);
        return unnest(alias, keyArrays(List.of()), " with ordinality", names);
    }

    /** @return the {@link #ORDINAL} column of a table made by {@link #numberedKeys} */
    static Field<Long> ordinal(Table<?> numberedKeys) {
        return field(name(numberedKeys.getName(), ORDINAL), SQLDataType.BIGINT);
    }

    private static List<Field<?>> keyArrays(Collection<SessionKey> keys) {
        return List.of(
                array(keys, SessionKey::scope, SQLDataType.VARCHAR),
                array(keys, SessionKey::channel, SQLDataType.VARCHAR),
                array(keys, SessionKey::actorId, SQLDataType.VARCHAR),
                array(keys, SessionKey::sessionId, SQLDataType.VARCHAR));
    }

    /** @return the sessions as rows named like the table's columns, under {@code alias} */
    Table<?> sessions(String alias, Collection<Session> sessions) {
        return unnest(alias, List.of(
                array(sessions, s -> s.key().scope(), SQLDataType.VARCHAR),
                array(sessions, s -> s.key().channel(), SQLDataType.VARCHAR),
                array(sessions, s -> s.key().actorId(), SQLDataType.VARCHAR),
                array(sessions, s -> s.key().sessionId(), SQLDataType.VARCHAR),
                array(sessions, s -> SessionRecords.jsonb(s.state()), SQLDataType.JSONB),
                array(sessions, s -> s.activity().wireName(), SQLDataType.VARCHAR),
                array(sessions, Session::joinedAt, SQLDataType.INSTANT),
                array(sessions, Session::heartbeatAt, SQLDataType.INSTANT),
                array(sessions, Session::activeAt, SQLDataType.INSTANT),
                array(sessions, Session::expiresAt, SQLDataType.INSTANT)), "", names(table.columns));
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

    private static Table<?> unnest(String alias, List<Field<?>> arrays, String suffix, List<String> names) {
        String placeholders = String.join(", ", IntStream.range(0, arrays.size())
                .mapToObj(i -> "{" + i + "}").toList());
        return DSL.table("unnest(" + placeholders + ")" + suffix, arrays.toArray(QueryPart[]::new))
                .as(alias, names.toArray(String[]::new));
    }

    private static List<String> names(List<? extends Field<?>> columns) {
        return columns.stream().map(Field::getName).toList();
    }

    @SuppressWarnings("unchecked")
    private static <R, T> Field<T[]> array(Collection<R> rows, Function<R, T> value, DataType<T> type) {
        T[] values = (T[]) Array.newInstance(type.getType(), rows.size());
        int i = 0;
        for (R row : rows) {
            values[i++] = value.apply(row);
        }
        return DSL.val(values, type.array());
    }
}
