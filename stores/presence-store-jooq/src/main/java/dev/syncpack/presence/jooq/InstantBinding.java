package dev.syncpack.presence.jooq;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.impl.DefaultBinding;
import org.jooq.impl.SQLDataType;

/**
 * {@code timestamptz} as {@link Instant}, read from result sets as the driver's
 * {@link OffsetDateTime}. jOOQ's own binding reads the value as text and parses it, which made
 * parsing timestamps the largest share of reading session rows; everything else is jOOQ's.
 */
final class InstantBinding implements Binding<OffsetDateTime, Instant> {

    private static final Converter<OffsetDateTime, Instant> CONVERTER = Converter.ofNullable(OffsetDateTime.class,
            Instant.class, OffsetDateTime::toInstant, instant -> instant.atOffset(ZoneOffset.UTC));
    private static final Binding<OffsetDateTime, Instant> STANDARD = DefaultBinding.binding(CONVERTER);

    /** The data type of every time column and clock read of the presence table. */
    static final DataType<Instant> INSTANT = SQLDataType.TIMESTAMPWITHTIMEZONE.asConvertedDataType(new InstantBinding());

    private InstantBinding() {
    }

    @Override
    public Converter<OffsetDateTime, Instant> converter() {
        return CONVERTER;
    }

    @Override
    public void get(BindingGetResultSetContext<Instant> ctx) throws SQLException {
        OffsetDateTime value = ctx.resultSet().getObject(ctx.index(), OffsetDateTime.class);
        ctx.value(value == null ? null : value.toInstant());
    }

    @Override
    public void sql(BindingSQLContext<Instant> ctx) throws SQLException {
        STANDARD.sql(ctx);
    }

    @Override
    public void register(BindingRegisterContext<Instant> ctx) throws SQLException {
        STANDARD.register(ctx);
    }

    @Override
    public void set(BindingSetStatementContext<Instant> ctx) throws SQLException {
        STANDARD.set(ctx);
    }

    @Override
    public void set(BindingSetSQLOutputContext<Instant> ctx) throws SQLException {
        STANDARD.set(ctx);
    }

    @Override
    public void get(BindingGetStatementContext<Instant> ctx) throws SQLException {
        STANDARD.get(ctx);
    }

    @Override
    public void get(BindingGetSQLInputContext<Instant> ctx) throws SQLException {
        STANDARD.get(ctx);
    }
}
