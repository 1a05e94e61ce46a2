package dev.syncpack.presence.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored presence session: the unit a store keeps and a row shows. Times are truncated to
 * milliseconds, the precision rows carry, so a session survives a round trip through any store.
 *
 * @param key who, where, on which device
 * @param state the session's JSON object state (name, status, {@code cursor}, {@code typing}...)
 * @param activity the activity as of the last transition
 * @param joinedAt when the session started
 * @param heartbeatAt the last heartbeat
 * @param activeAt the last time the user was reported active
 * @param expiresAt when the session ends unless a heartbeat comes first
 */
public record Session(SessionKey key, Map<String, Object> state, Activity activity, Instant joinedAt,
                      Instant heartbeatAt, Instant activeAt, Instant expiresAt) {

    /** The state field a cursor patch sets. */
    public static final String CURSOR = "cursor";
    /** The state field a typing patch sets. */
    public static final String TYPING = "typing";
    /** The state field holding when typing clears itself, in epoch milliseconds; set by the server only. */
    public static final String TYPING_EXPIRES_AT = "typingExpiresAt";

    /**
     * Deep-copies {@code state} and truncates the times to milliseconds.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when {@code state} is not JSON-shaped
     */
    public Session {
        Objects.requireNonNull(key, "key");
        state = JsonTree.copyObject(Objects.requireNonNull(state, "state"));
        Objects.requireNonNull(activity, "activity");
        joinedAt = millis(joinedAt, "joinedAt");
        heartbeatAt = millis(heartbeatAt, "heartbeatAt");
        activeAt = millis(activeAt, "activeAt");
        expiresAt = millis(expiresAt, "expiresAt");
    }

    /**
     * Tells whether the session is still present.
     *
     * @param now the current time
     * @return true while {@code now} is before {@code expiresAt}
     */
    public boolean isLiveAt(Instant now) {
        return expiresAt.isAfter(now);
    }

    /**
     * The server's typing deadline.
     *
     * @return when typing clears itself, when the state says the user is typing
     */
    public Optional<Instant> typingDeadline() {
        return Boolean.TRUE.equals(state.get(TYPING)) && state.get(TYPING_EXPIRES_AT) instanceof Number at
                ? Optional.of(Instant.ofEpochMilli(at.longValue()))
                : Optional.empty();
    }

    Session withState(Map<String, Object> newState) {
        return new Session(key, newState, activity, joinedAt, heartbeatAt, activeAt, expiresAt);
    }

    Session withActivity(Activity newActivity, Instant newActiveAt) {
        return new Session(key, state, newActivity, joinedAt, heartbeatAt, newActiveAt, expiresAt);
    }

    Session withExpiresAt(Instant newExpiresAt) {
        return new Session(key, state, activity, joinedAt, heartbeatAt, activeAt, newExpiresAt);
    }

    private static Instant millis(Instant instant, String name) {
        return Objects.requireNonNull(instant, name).truncatedTo(ChronoUnit.MILLIS);
    }
}
