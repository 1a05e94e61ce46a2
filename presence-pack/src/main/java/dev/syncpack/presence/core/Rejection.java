package dev.syncpack.presence.core;

/** Why a presence rule refused a request; the pack turns each case into an error for the caller. */
public sealed interface Rejection {

    /** A cursor or typing patch for a session that has no live heartbeat. */
    record NoLiveSession() implements Rejection {
    }

    /**
     * The state would exceed {@code maxStateBytes} once the patch is applied.
     *
     * @param size the size the state would have, in bytes of compact JSON
     * @param limit the configured {@code maxStateBytes}
     */
    record StateTooLarge(long size, long limit) implements Rejection {
    }

    /**
     * A heartbeat's state tried to set a field only the server sets.
     *
     * @param field the field
     */
    record ServerOwnedField(String field) implements Rejection {
    }

    /**
     * A heartbeat's state set {@code typing} to something other than true, false or null.
     *
     * @param field the field
     */
    record NotBoolean(String field) implements Rejection {
    }

    /**
     * A new session would exceed {@code maxSessionsPerChannel}.
     *
     * @param limit the configured limit
     */
    record TooManySessionsInChannel(int limit) implements Rejection {
    }

    /**
     * A new session would put its actor in more than {@code maxChannelsPerActor} channels.
     *
     * @param limit the configured limit
     */
    record TooManyChannelsForActor(int limit) implements Rejection {
    }
}
