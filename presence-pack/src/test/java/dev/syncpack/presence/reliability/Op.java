package dev.syncpack.presence.reliability;

import java.util.Map;

/**
 * One step of a model-check schedule. Connection and subscriber numbers index the schedule's
 * {@link Universe}; a {@code null} session means the connection's default (its id).
 */
sealed interface Op {

    /** A heartbeat; {@code patch} null sends no state. */
    record Heartbeat(int connection, String channel, String session, Map<String, Object> patch, boolean replace,
                     boolean active) implements Op {
    }

    /** Sets or, with a null {@code cursor}, removes the cursor. */
    record Cursor(int connection, String channel, String session, Object cursor) implements Op {
    }

    /** Sets typing; {@code typing} is normally a boolean, anything else is a hostile argument. */
    record Typing(int connection, String channel, String session, Object typing) implements Op {
    }

    /** Leaves one session, the default one, or {@code "*"}. */
    record Leave(int connection, String channel, String session) implements Op {
    }

    /** The connection's socket closes; the client reconnects at once with a new connection id. */
    record Close(int connection) implements Op {
    }

    /** Time moves on; {@code fireTimers} false models a node too busy to run its timers yet. */
    record Advance(long millis, boolean fireTimers) implements Op {
    }

    /** The durable cleanup schedule runs. */
    record Cleanup() implements Op {
    }

    /** A subscriber drops its subscription and subscribes again, resuming from its version or not. */
    record Resubscribe(int subscriber, boolean resume) implements Op {
    }
}
