package dev.syncpack.presence.reliability;

import dev.syncpack.presence.PresenceRows;
import dev.syncpack.presence.core.SessionKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session as the sequential model keeps it: times in epoch ms; typing and activity are not
 * stored but derived when the session is read at a given time, which is what the rules promise
 * once every timer has run.
 */
record ModelSession(SessionKey key, Map<String, Object> state, long joinedAt, long heartbeatAt, long activeAt,
                    long expiresAt) {

    boolean liveAt(long now) {
        return now < expiresAt;
    }

    /** @return the state with typing cleared when its deadline has passed by {@code now} */
    Map<String, Object> stateAt(long now) {
        if (Boolean.TRUE.equals(state.get("typing")) && state.get("typingExpiresAt") instanceof Number deadline
                && deadline.longValue() <= now) {
            Map<String, Object> cleared = new LinkedHashMap<>(state);
            cleared.put("typing", false);
            cleared.put("typingExpiresAt", null);
            return cleared;
        }
        return state;
    }

    String activityAt(long now, ModelPolicy policy) {
        if (now < activeAt + policy.idleAfter()) {
            return "active";
        }
        return now < activeAt + policy.awayAfter() ? "idle" : "away";
    }

    /** @return the row a client sees for this session at {@code now} */
    Map<String, Object> rowAt(long now, ModelPolicy policy) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(PresenceRows.ID, key.rowId());
        row.put(PresenceRows.SCOPE, key.scope().isEmpty() ? null : key.scope());
        row.put(PresenceRows.CHANNEL, key.channel());
        row.put(PresenceRows.ACTOR_ID, key.actorId());
        row.put(PresenceRows.SESSION_ID, key.sessionId());
        row.put(PresenceRows.STATE, stateAt(now));
        row.put(PresenceRows.ACTIVITY, activityAt(now, policy));
        row.put(PresenceRows.JOINED_AT, joinedAt);
        row.put(PresenceRows.HEARTBEAT_AT, heartbeatAt);
        row.put(PresenceRows.ACTIVE_AT, activeAt);
        row.put(PresenceRows.EXPIRES_AT, expiresAt);
        return row;
    }

    ModelSession withState(Map<String, Object> newState, long newActiveAt) {
        return new ModelSession(key, newState, joinedAt, heartbeatAt, newActiveAt, expiresAt);
    }

    ModelSession withExpiresAt(long newExpiresAt) {
        return new ModelSession(key, state, joinedAt, heartbeatAt, activeAt, newExpiresAt);
    }
}
