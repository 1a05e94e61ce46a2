package dev.syncpack.presence.jooq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;

/**
 * A statement of the cleanup sweep — about the rows expired at a time, at most so many — that jOOQ
 * renders once and JDBC runs with the time and the limit bound where jOOQ put them, its rows mapped
 * straight from the result set. A sweep moves up to thousands of rows per statement, and
 * materialising them as jOOQ records cost more than the statement itself.
 *
 * @param <T> what one row becomes
 */
final class ExpiryStatement<T> {

    /** Reads one row of the result set, on the row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final String sql;
    /** For each parameter in order: true for the time, false for the limit. */
    private final boolean[] timeParameters;
    private final RowMapper<T> mapper;

    /**
     * @param query builds the statement from the time and the limit; it is built once, with
     *     placeholder values
     * @param mapper reads one row of what the statement returns
     */
    ExpiryStatement(DSLContext dsl, BiFunction<Instant, Integer, Query> query, RowMapper<T> mapper) {
        Query built = query.apply(Instant.EPOCH, 1);
        List<Object> values = built.getBindValues();
        this.timeParameters = new boolean[values.size()];
        int times = 0;
        int limits = 0;
        for (int i = 0; i < values.size(); i++) {
            timeParameters[i] = values.get(i) instanceof Instant;
            times += timeParameters[i] ? 1 : 0;
            limits += values.get(i) instanceof Number ? 1 : 0;
        }
        if (limits != 1 || times == 0 || times + limits != values.size()) {
            throw new IllegalArgumentException("an expiry statement binds the limit once, the time at least once "
                    + "and nothing else, not " + values);
        }
        this.sql = dsl.render(built);
        this.mapper = mapper;
    }

    /**
     * @param dataSource lends the connection, in auto-commit
     * @return what the statement returned, a row each
     * @throws DataAccessException when the database fails
     */
    List<T> run(DataSource dataSource, Instant now, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < timeParameters.length; i++) {
                statement.setObject(i + 1, timeParameters[i] ? now.atOffset(ZoneOffset.UTC) : limit);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DataAccessException("could not run a statement of the cleanup sweep", e);
        }
    }
}
