package dev.syncpack.presence.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored presence session: the unit a store keeps and a row shows. Times are truncated to
 * milliseconds, the precision rows carry, so a session survives a round trip through any store.
 * Immutable and compared by value, like a record of the constructor's parameters.
 *
 * <p>It keeps its times as epoch milliseconds rather than as {@link Instant} objects: a store
 * holds one per session, and every heartbeat reads them, so four numbers in the session itself
 * cost less memory and fewer memory accesses than two to four objects elsewhere on the heap.
 */
public final class Session {

    /** The state field a cursor patch sets. */
    public static final String CURSOR = "cursor";
    /** The state field a typing patch sets. */
    public static final String TYPING = "typing";
    /** The state field holding when typing clears itself, in epoch milliseconds; set by the server only. */
    public static final String TYPING_EXPIRES_AT = "typingExpiresAt";

    private final SessionKey key;
    private final Map<String, Object> state;
    private final Activity activity;
    private final long joinedAt;
    private final long heartbeatAt;
    private final long activeAt;
    private final long expiresAt;

    /**
     * Deep-copies {@code state} and truncates the times to milliseconds.
     *
     * @param key who, where, on which device
     * @param state the session's JSON object state (name, status, {@code cursor}, {@code typing}...)
     * @param activity the activity as of the last transition
     * @param joinedAt when the session started
     * @param heartbeatAt the last heartbeat
     * @param activeAt the last time the user was reported active
     * @param expiresAt when the session ends unless a heartbeat comes first
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code state} is not JSON-shaped
     * @throws ArithmeticException when a time is too far from the epoch for epoch milliseconds
     */
    public Session(SessionKey key, Map<String, Object> state, Activity activity, Instant joinedAt,
                   Instant heartbeatAt, Instant activeAt, Instant expiresAt) {
        this(key, state, activity, millis(joinedAt, "joinedAt"), millis(heartbeatAt, "heartbeatAt"),
                millis(activeAt, "activeAt"), millis(expiresAt, "expiresAt"));
    }

    private Session(SessionKey key, Map<String, Object> state, Activity activity, long joinedAt, long heartbeatAt,
                    long activeAt, long expiresAt) {
        this.key = Objects.requireNonNull(key, "key");
        this.state = JsonTree.copyObject(Objects.requireNonNull(state, "state"));
        this.activity = Objects.requireNonNull(activity, "activity");
        this.joinedAt = joinedAt;
        this.heartbeatAt = heartbeatAt;
        this.activeAt = activeAt;
        this.expiresAt = expiresAt;
    }

    /** @return who, where, on which device */
    public SessionKey key() {
        return key;
    }

    /** @return the session's JSON object state, unmodifiable */
    public Map<String, Object> state() {
        return state;
    }

    /** @return the activity as of the last transition */
    public Activity activity() {
        return activity;
    }

    /** @return when the session started */
    public Instant joinedAt() {
        return Instant.ofEpochMilli(joinedAt);
    }

    /** @return the last heartbeat */
    public Instant heartbeatAt() {
        return Instant.ofEpochMilli(heartbeatAt);
    }

    /** @return the last time the user was reported active */
    public Instant activeAt() {
        return Instant.ofEpochMilli(activeAt);
    }

    /** @return when the session ends unless a heartbeat comes first */
    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAt);
    }

    /** @return {@link #joinedAt()} in epoch milliseconds, as rows carry it, without making an {@link Instant} */
    public long joinedAtMillis() {
        return joinedAt;
    }

    /** @return {@link #heartbeatAt()} in epoch milliseconds, as rows carry it */
    public long heartbeatAtMillis() {
        return heartbeatAt;
    }

    /** @return {@link #activeAt()} in epoch milliseconds, as rows carry it */
    public long activeAtMillis() {
        return activeAt;
    }

    /** @return {@link #expiresAt()} in epoch milliseconds, as rows carry it */
    public long expiresAtMillis() {
        return expiresAt;
    }

    /**
     * Tells whether the session is still present.
     *
     * @param now the current time
     * @return true while {@code now} is before {@code expiresAt}
     */
    public boolean isLiveAt(Instant now) {
        return expiresAt > now.toEpochMilli();
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
        return new Session(key, state, newActivity, joinedAt, heartbeatAt, millis(newActiveAt, "activeAt"),
                expiresAt);
    }

    Session withExpiresAt(Instant newExpiresAt) {
        return new Session(key, state, activity, joinedAt, heartbeatAt, activeAt, millis(newExpiresAt, "expiresAt"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Session session
                && joinedAt == session.joinedAt && heartbeatAt == session.heartbeatAt
                && activeAt == session.activeAt && expiresAt == session.expiresAt
                && activity == session.activity && key.equals(session.key) && state.equals(session.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, state, activity, joinedAt, heartbeatAt, activeAt, expiresAt);
    }

    @Override
    public String toString() {
        return "Session[key=" + key + ", state=" + state + ", activity=" + activity + ", joinedAt=" + joinedAt()
                + ", heartbeatAt=" + heartbeatAt() + ", activeAt=" + activeAt() + ", expiresAt=" + expiresAt() + "]";
    }

    /** Epoch milliseconds, rounded down: what truncating to milliseconds keeps. */
    private static long millis(Instant instant, String name) {
        return Objects.requireNonNull(instant, name).toEpochMilli();
    }
}
