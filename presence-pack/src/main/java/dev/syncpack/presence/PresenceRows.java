package dev.syncpack.presence;

import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.ChannelCount;
import dev.syncpack.presence.core.ChannelKey;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.spi.schema.Fields;
import dev.syncpack.spi.schema.Schema;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows presence collections deliver, and helpers to read them.
 *
 * <p>A {@code presence} row is one session: {@code id} (opaque, unique per session),
 * {@code scope} (null without tenants), {@code channel}, {@code actorId}, {@code sessionId},
 * {@code state} (a JSON object; {@code state.cursor}, {@code state.typing} and
 * {@code state.typingExpiresAt} are set by the cursor and typing mutations), {@code activity}
 * ({@code active}, {@code idle} or {@code away}), and the times {@code joinedAt},
 * {@code heartbeatAt}, {@code activeAt} (last reported activity) and {@code expiresAt}, in epoch
 * milliseconds of the store's clock.
 *
 * <p>A {@code presence_stats} row is {@code id}, {@code scope}, {@code channel}, {@code sessions}
 * and {@code actors}.
 */
public final class PresenceRows {

    /** Row field: the opaque session id. */
    public static final String ID = "id";
    /** Row field: the tenant, or null. */
    public static final String SCOPE = "scope";
    /** Row field: the channel. */
    public static final String CHANNEL = "channel";
    /** Row field: the actor. */
    public static final String ACTOR_ID = "actorId";
    /** Row field: the actor's device or tab. */
    public static final String SESSION_ID = "sessionId";
    /** Row field: the JSON object state. */
    public static final String STATE = "state";
    /** Row field: {@code active}, {@code idle} or {@code away}. */
    public static final String ACTIVITY = "activity";
    /** Row field: when the session started, epoch ms. */
    public static final String JOINED_AT = "joinedAt";
    /** Row field: the last heartbeat, epoch ms. */
    public static final String HEARTBEAT_AT = "heartbeatAt";
    /** Row field: the last reported activity, epoch ms. */
    public static final String ACTIVE_AT = "activeAt";
    /** Row field: when the session ends without a heartbeat, epoch ms. */
    public static final String EXPIRES_AT = "expiresAt";
    /** Stats row field: live sessions. */
    public static final String SESSIONS = "sessions";
    /** Stats row field: distinct live actors. */
    public static final String ACTORS = "actors";

    /** The fields of a session row, in the order rows list them. */
    private static final String[] SESSION_FIELDS = {ID, SCOPE, CHANNEL, ACTOR_ID, SESSION_ID, STATE, ACTIVITY,
        JOINED_AT, HEARTBEAT_AT, ACTIVE_AT, EXPIRES_AT};

    private PresenceRows() {
    }

    /**
     * Tells whether a row's user is typing, judged by the server's deadline.
     *
     * @param row a presence row
     * @param now the time to judge at
     * @return true when {@code state.typing} is true and {@code state.typingExpiresAt} is after
     *     {@code now}; false for rows without typing fields
     */
    public static boolean isCurrentlyTyping(Map<String, Object> row, Instant now) {
        return row.get(STATE) instanceof Map<?, ?> state
                && Boolean.TRUE.equals(state.get(Session.TYPING))
                && state.get(Session.TYPING_EXPIRES_AT) instanceof Number until
                && until.longValue() > now.toEpochMilli();
    }

    static Map<String, Object> sessionRow(Session session) {
        return new SessionRow(SESSION_FIELDS, new Object[] {
            session.key().rowId(),
            scopeOrNull(session.key().scope()),
            session.key().channel(),
            session.key().actorId(),
            session.key().sessionId(),
            session.state(),
            session.activity().wireName(),
            session.joinedAtMillis(),
            session.heartbeatAtMillis(),
            session.activeAtMillis(),
            session.expiresAtMillis()});
    }

    static Map<String, Object> statsRow(ChannelKey channel, ChannelCount count) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(ID, channel.rowId());
        row.put(SCOPE, scopeOrNull(channel.scope()));
        row.put(CHANNEL, channel.channel());
        row.put(SESSIONS, count.sessions());
        row.put(ACTORS, count.actors());
        return Collections.unmodifiableMap(row);
    }

    /** @return the session key of a presence row */
    static SessionKey keyOf(Map<String, Object> row) {
        ChannelKey channel = channelOf(row);
        return new SessionKey(channel.scope(), channel.channel(), (String) row.get(ACTOR_ID),
                (String) row.get(SESSION_ID));
    }

    /** @return when a presence row's session expires */
    static Instant expiresAtOf(Map<String, Object> row) {
        return Instant.ofEpochMilli(((Number) row.get(EXPIRES_AT)).longValue());
    }

    /** @return the partition of a presence row: its scope ("" for null) and channel */
    static ChannelKey channelOf(Map<String, Object> row) {
        return new ChannelKey(row.get(SCOPE) instanceof String scope ? scope : "", (String) row.get(CHANNEL));
    }

    static Schema sessionSchema(int maxChannelLength, int maxStateBytes) {
        Activity[] activities = Activity.values();
        String[] names = new String[activities.length];
        for (int i = 0; i < activities.length; i++) {
            names[i] = activities[i].wireName();
        }
        return Schema.builder()
                .field(ID, Fields.string(Integer.MAX_VALUE))
                .field(SCOPE, Fields.nullable(Fields.string(Integer.MAX_VALUE)))
                .field(CHANNEL, Fields.string(maxChannelLength))
                .field(ACTOR_ID, Fields.string(Integer.MAX_VALUE))
                .field(SESSION_ID, Fields.string(Integer.MAX_VALUE))
                .field(STATE, Fields.jsonObject(maxStateBytes))
                .field(ACTIVITY, Fields.oneOf(names))
                .field(JOINED_AT, Fields.integer())
                .field(HEARTBEAT_AT, Fields.integer())
                .field(ACTIVE_AT, Fields.integer())
                .field(EXPIRES_AT, Fields.integer())
                .build();
    }

    private static String scopeOrNull(String scope) {
        return scope.isEmpty() ? null : scope;
    }
}
