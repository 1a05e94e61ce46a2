package dev.syncpack.presence.reliability;

import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.schema.JsonValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The presence rules written out plainly, one call after another, as the design states them:
 * validation, access, limits, merge-patch state, TTL, typing deadline, activity, reconnect grace,
 * leave. It shares no code with the pack's rules, so a schedule replayed in it checks the pack,
 * the engine and the store together. Not thread-safe: it models single-threaded schedules.
 *
 * <p>Sessions that expired stay in the model until a cleanup or a quiet point removes them: until
 * then the node may or may not have pushed their expiry, and only a leave's {@code left} answer
 * could tell, so the model accepts either answer there.
 */
final class PresenceModel {

    /** Who calls: the connection and what the host resolved for it. */
    record Caller(String connectionId, String scope, String actorId) {

        SessionKey key(String channel, String session) {
            return new SessionKey(scope, channel, actorId, session == null ? connectionId : session);
        }
    }

    private final ModelPolicy policy;
    private final Map<SessionKey, ModelSession> sessions = new HashMap<>();
    private final Map<SessionKey, String> keptAliveBy = new HashMap<>();

    PresenceModel(ModelPolicy policy) {
        this.policy = policy;
    }

    Expected heartbeat(Caller caller, Op.Heartbeat op, long now) {
        Optional<Expected> invalid = channelProblem(op.channel())
                .or(() -> op.patch() != null && JsonValues.encodedSize(op.patch()) > policy.maxStateBytes()
                        ? refused(ErrorCode.LIMIT_EXCEEDED) : Optional.empty())
                .or(() -> access(op.channel(), op.session()));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        SessionKey key = caller.key(op.channel(), op.session());
        Optional<ModelSession> live = live(key, now);
        if (live.isEmpty() && !admits(key, now)) {
            return new Expected.Refused(ErrorCode.LIMIT_EXCEEDED);
        }
        Map<String, Object> patch = op.patch();
        if (patch != null && (patch.containsKey("typingExpiresAt")
                || patch.get("typing") != null && !(patch.get("typing") instanceof Boolean))) {
            return new Expected.Refused(ErrorCode.INVALID_ARGUMENT);
        }
        Map<String, Object> state = op.replace() || live.isEmpty() ? new LinkedHashMap<>()
                : new LinkedHashMap<>(live.get().stateAt(now));
        if (patch != null) {
            state = mergePatch(state, patch);
            if (patch.containsKey("typing")) {
                Object typing = patch.get("typing");
                if (typing == null) {
                    state.remove("typingExpiresAt");
                } else {
                    state.put("typingExpiresAt", Boolean.TRUE.equals(typing) ? now + policy.typingTtl() : null);
                }
            }
        }
        long activeAt = op.active() || live.isEmpty() ? now : live.get().activeAt();
        long joinedAt = live.map(ModelSession::joinedAt).orElse(now);
        ModelSession next = new ModelSession(key, state, joinedAt, now, activeAt, now + policy.ttl());
        if (live.isPresent() && coalesced(live.get(), next, now)) {
            if (live.get().stateAt(now).equals(state)) {
                keptAliveBy.put(key, caller.connectionId());
                return new Expected.Row(live.get().rowAt(now, policy));
            }
            next = new ModelSession(key, state, joinedAt, live.get().heartbeatAt(), live.get().activeAt(),
                    live.get().expiresAt());
        }
        Expected stored = store(next, now);
        if (stored instanceof Expected.Row) {
            keptAliveBy.put(key, caller.connectionId());
        }
        return stored;
    }

    Expected cursor(Caller caller, Op.Cursor op, long now) {
        Optional<Expected> invalid = channelProblem(op.channel())
                .or(() -> JsonValues.encodedSize(op.cursor()) > policy.maxStateBytes()
                        ? refused(ErrorCode.LIMIT_EXCEEDED) : Optional.empty())
                .or(() -> access(op.channel(), op.session()));
        return invalid.orElseGet(() -> patchLive(caller.key(op.channel(), op.session()), now, state -> {
            if (op.cursor() == null) {
                state.remove("cursor");
            } else {
                state.put("cursor", op.cursor());
            }
        }));
    }

    Expected typing(Caller caller, Op.Typing op, long now) {
        Optional<Expected> invalid = channelProblem(op.channel())
                .or(() -> op.typing() instanceof Boolean ? Optional.empty() : refused(ErrorCode.INVALID_ARGUMENT))
                .or(() -> access(op.channel(), op.session()));
        boolean typing = Boolean.TRUE.equals(op.typing());
        return invalid.orElseGet(() -> patchLive(caller.key(op.channel(), op.session()), now, state -> {
            state.put("typing", typing);
            state.put("typingExpiresAt", typing ? now + policy.typingTtl() : null);
        }));
    }

    Expected leave(Caller caller, Op.Leave op, long now) {
        Optional<Expected> invalid = channelProblem(op.channel()).or(() -> denied(op.channel()));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        List<SessionKey> keys = new ArrayList<>();
        if ("*".equals(op.session())) {
            sessions.keySet().stream().filter(key -> key.scope().equals(caller.scope())
                    && key.actorId().equals(caller.actorId()) && key.channel().equals(op.channel())).forEach(keys::add);
        } else {
            keys.add(caller.key(op.channel(), op.session()));
        }
        boolean leftLive = false;
        boolean leftExpired = false;
        for (SessionKey key : keys) {
            ModelSession removed = remove(key);
            leftLive |= removed != null && removed.liveAt(now);
            leftExpired |= removed != null && !removed.liveAt(now);
        }
        return new Expected.Left(leftLive ? Optional.of(true) : leftExpired ? Optional.empty() : Optional.of(false));
    }

    /** The connection closed: the live sessions it kept alive end within the reconnect grace. */
    void close(String connectionId, long now) {
        List<SessionKey> kept = keptAliveBy.entrySet().stream()
                .filter(entry -> entry.getValue().equals(connectionId)).map(Map.Entry::getKey).toList();
        for (SessionKey key : kept) {
            keptAliveBy.remove(key);
            live(key, now).ifPresent(session -> sessions.put(key,
                    session.withExpiresAt(Math.min(session.expiresAt(), now + policy.grace()))));
        }
    }

    /** Forgets expired sessions: after a cleanup run or at a quiet point the node must have removed them. */
    void dropExpired(long now) {
        List<SessionKey> expired = sessions.values().stream().filter(session -> !session.liveAt(now))
                .map(ModelSession::key).toList();
        expired.forEach(this::remove);
    }

    /** @return the rows of a channel's live sessions at {@code now}, by row id */
    Map<Object, Map<String, Object>> liveRows(String scope, String channel, long now) {
        Map<Object, Map<String, Object>> rows = new HashMap<>();
        for (ModelSession session : sessions.values()) {
            if (session.liveAt(now) && session.key().scope().equals(scope) && session.key().channel().equals(channel)) {
                rows.put(session.key().rowId(), session.rowAt(now, policy));
            }
        }
        return rows;
    }

    ModelPolicy policy() {
        return policy;
    }

    private Expected patchLive(SessionKey key, long now, Consumer<Map<String, Object>> change) {
        Optional<ModelSession> live = live(key, now);
        if (live.isEmpty()) {
            return new Expected.Refused(ErrorCode.NOT_FOUND);
        }
        Map<String, Object> state = new LinkedHashMap<>(live.get().stateAt(now));
        change.accept(state);
        return store(live.get().withState(state, now), now);
    }

    /**
     * A heartbeat of a session with half its TTL left that keeps its activity until it expires keeps
     * the stored times: answered with the stored session and not stored when the state is unchanged
     * too, else stored with the new state.
     */
    private boolean coalesced(ModelSession stored, ModelSession next, long now) {
        return policy.coalesceRenewals()
                && 2 * (stored.expiresAt() - now) >= policy.ttl()
                && stored.activityAt(now, policy).equals(next.activityAt(now, policy))
                && (stored.activeAt() == next.activeAt() || stored.activeAt() + policy.idleAfter() >= stored.expiresAt());
    }

    private Expected store(ModelSession next, long now) {
        if (JsonValues.encodedSize(next.state()) > policy.maxStateBytes()) {
            return new Expected.Refused(ErrorCode.LIMIT_EXCEEDED);
        }
        sessions.put(next.key(), next);
        return new Expected.Row(next.rowAt(now, policy));
    }

    private ModelSession remove(SessionKey key) {
        keptAliveBy.remove(key);
        return sessions.remove(key);
    }

    private Optional<ModelSession> live(SessionKey key, long now) {
        return Optional.ofNullable(sessions.get(key)).filter(session -> session.liveAt(now));
    }

    /** A new session must fit the channel's session limit and the actor's channel limit. */
    private boolean admits(SessionKey key, long now) {
        int inChannel = 0;
        Set<String> actorChannels = new HashSet<>();
        for (ModelSession session : sessions.values()) {
            if (!session.liveAt(now) || !session.key().scope().equals(key.scope())) {
                continue;
            }
            if (session.key().channel().equals(key.channel())) {
                inChannel++;
            }
            if (session.key().actorId().equals(key.actorId())) {
                actorChannels.add(session.key().channel());
            }
        }
        return inChannel < policy.maxSessionsPerChannel()
                && (actorChannels.contains(key.channel()) || actorChannels.size() < policy.maxChannelsPerActor());
    }

    private Optional<Expected> channelProblem(String channel) {
        return channel.length() > policy.maxChannelLength() ? refused(ErrorCode.LIMIT_EXCEEDED) : Optional.empty();
    }

    /** canAccessChannel, then the rule that only leave may name all sessions. */
    private Optional<Expected> access(String channel, String session) {
        return denied(channel).or(() -> "*".equals(session) ? refused(ErrorCode.INVALID_ARGUMENT) : Optional.empty());
    }

    private static Optional<Expected> denied(String channel) {
        return Universe.DENIED_CHANNEL.equals(channel) ? refused(ErrorCode.UNAUTHORIZED) : Optional.empty();
    }

    private static Optional<Expected> refused(ErrorCode code) {
        return Optional.of(new Expected.Refused(code));
    }

    /** RFC 7386 on objects: null removes a member, an object merges into an object, anything else replaces. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target);
        patch.forEach((name, value) -> {
            if (value == null) {
                result.remove(name);
            } else if (value instanceof Map<?, ?> nested) {
                Map<String, Object> base = result.get(name) instanceof Map<?, ?> existing
                        ? (Map<String, Object>) existing : Map.of();
                result.put(name, mergePatch(base, (Map<String, Object>) nested));
            } else {
                result.put(name, value);
            }
        });
        return result;
    }
}
