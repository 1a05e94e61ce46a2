package dev.syncpack.presence.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.UnavailableException;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** How database failures read once they are UNAVAILABLE. */
class StoreFailuresTest {

    @Test
    void unavailable_namesTheComponentTheActionTheSqlStateAndTheRootCause() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "pool - Connection is not available, request timed out after 1000ms", "08001",
                new ConnectException("Connection refused"));

        UnavailableException error = StoreFailures.unavailable("presence store \"docs_presence\"", "read a session",
                new DataAccessException("Error getting connection from data source", timeout));

        assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(error.getMessage())
                .startsWith("presence store \"docs_presence\" could not read a session: SQLSTATE 08001 pool - Connection "
                        + "is not available, request timed out after 1000ms (cause: ConnectException: Connection refused)")
                .endsWith("retry once it is back");
    }

    @Test
    void describe_withoutAnSqlException_usesTheFailureItself() {
        assertThat(StoreFailures.describe(new IllegalStateException("pool closed")))
                .isEqualTo("IllegalStateException: pool closed");
    }
}
