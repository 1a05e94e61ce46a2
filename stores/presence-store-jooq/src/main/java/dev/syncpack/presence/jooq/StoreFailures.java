package dev.syncpack.presence.jooq;

import dev.syncpack.spi.error.UnavailableException;
import java.sql.SQLException;

/** Turns database failures into {@link UnavailableException}s whose message names the cause. */
final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * @param component what failed, e.g. {@code presence store "docs_presence"}
     * @param action what it was doing, e.g. {@code "read a session"}
     * @param failure the jOOQ or JDBC failure
     * @return an UNAVAILABLE error naming the component, the action, the SQLSTATE and the cause
     */
    static UnavailableException unavailable(String component, String action, Throwable failure) {
        return new UnavailableException(component + " could not " + action + ": " + describe(failure)
                + "; the database is down, unreachable or refusing connections; retry once it is back", failure);
    }

    /** @return the failure's SQLSTATE and message, and its root cause when that says something else */
    static String describe(Throwable failure) {
        SQLException sql = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (sql == null && t instanceof SQLException found) {
                sql = found;
            }
            root = t;
        }
        StringBuilder text = new StringBuilder();
        if (sql != null) {
            if (sql.getSQLState() != null) {
                text.append("SQLSTATE ").append(sql.getSQLState()).append(' ');
            }
            text.append(sql.getMessage());
        } else {
            text.append(messageOf(failure));
        }
        if (root != failure && root != sql && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
            text.append(" (cause: ").append(messageOf(root)).append(')');
        }
        return text.toString();
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
