package dev.syncpack.presence;

import dev.syncpack.presence.core.Admission;
import dev.syncpack.presence.core.Heartbeat;
import dev.syncpack.presence.core.PresenceRules;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.collection.ParamsAuthorizer;
import dev.syncpack.spi.error.InternalException;
import dev.syncpack.spi.error.InvalidArgumentException;
import dev.syncpack.spi.mutation.MutationActions;
import dev.syncpack.spi.mutation.MutationDefinition;
import dev.syncpack.spi.mutation.MutationHandler;
import dev.syncpack.spi.schedule.RetryPolicy;
import dev.syncpack.spi.schema.FieldValidator;
import dev.syncpack.spi.schema.Fields;
import dev.syncpack.spi.schema.JsonValues;
import dev.syncpack.spi.schema.Schema;
import dev.syncpack.spi.schema.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The four presence mutations. Each validates its arguments (the engine does it against the
 * schemas here), checks the caller and {@code canAccessChannel}, then changes only the caller's
 * own session through {@link PresenceService}, which publishes the change before the handler
 * returns.
 */
final class PresenceMutations {

    /** The session id that means "all of the caller's sessions in the channel" to leave. */
    static final String ALL_SESSIONS = "*";
    /** The longest accepted session id. */
    static final int MAX_SESSION_ID_LENGTH = 128;

    private static final String CHANNEL = "channel";
    private static final String SESSION = "session";

    private final PresenceService service;
    private final PresenceConfig config;
    private final PresenceNames names;
    private final PresenceRules rules;
    private final PresenceStore store;

    PresenceMutations(PresenceService service) {
        this.service = service;
        this.config = service.config();
        this.names = config.names();
        this.rules = service.rules();
        this.store = service.store();
    }

    List<MutationDefinition> definitions() {
        FieldValidator channel = Fields.string(config.maxChannelLength());
        FieldValidator session = Fields.optional(Fields.string(MAX_SESSION_ID_LENGTH));
        int maxStateBytes = config.policy().maxStateBytes();
        return List.of(
                mutation(names.heartbeat(), Schema.builder().field(CHANNEL, channel).field(SESSION, session)
                        .field("state", Fields.optional(Fields.jsonObject(maxStateBytes)))
                        .field("replace", Fields.optional(Fields.bool()))
                        .field("active", Fields.optional(Fields.bool())).build(), this::heartbeat),
                mutation(names.leave(), Schema.builder().field(CHANNEL, channel).field(SESSION, session).build(),
                        this::leave),
                mutation(names.cursor(), Schema.builder().field(CHANNEL, channel).field(SESSION, session)
                        .field("cursor", Fields.nullable(jsonValue(maxStateBytes))).build(), this::cursor),
                mutation(names.typing(), Schema.builder().field(CHANNEL, channel).field(SESSION, session)
                        .field("typing", Fields.bool()).build(), this::typing));
    }

    private MutationDefinition mutation(String name, Schema args, MutationHandler handler) {
        ParamsAuthorizer authorize = (params, ctx) -> {
            Caller.of(config, ctx, name);
            return config.canAccessChannel().test((String) params.get(CHANNEL), ctx);
        };
        return new MutationDefinition(name, args, authorize, handler, RetryPolicy.NONE);
    }

    private Object heartbeat(Map<String, Object> args, SyncContext ctx, MutationActions actions) {
        SessionKey key = ownSession(args, ctx, names.heartbeat());
        @SuppressWarnings("unchecked")
        Heartbeat heartbeat = new Heartbeat(Optional.ofNullable((Map<String, Object>) args.get("state")),
                Boolean.TRUE.equals(args.get("replace")), !Boolean.FALSE.equals(args.get("active")));
        PresenceService.Outcome done = service.renew(ctx, key,
                (current, now) -> rules.heartbeat(key, current, heartbeat, now), rule -> write(key, rule));
        return rowOf(done, names.heartbeat(), key);
    }

    /** A heartbeat's write: a renewal when the session is live, else an admission, then the write. */
    private Transition write(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        Optional<Transition> renewal = renewed(key, rule);
        if (renewal.isPresent()) {
            return renewal.get();
        }
        Optional<Transition> refusal = admitted(key);
        return refusal.isPresent() ? refusal.get() : store.compute(key, rule);
    }

    /**
     * The common case in one store call: a live session is renewed at once; only a new (or expired)
     * session goes on to the admission checks, which cost several reads on a database store.
     *
     * @return the renewal, or empty when the session is not live and must be admitted first
     */
    private Optional<Transition> renewed(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        boolean[] live = new boolean[1];
        Transition done = store.compute(key, (current, now) -> {
            live[0] = current.filter(session -> session.isLiveAt(now)).isPresent();
            return live[0] ? rule.apply(current, now) : new Transition.Keep(current);
        });
        return live[0] ? Optional.of(done) : Optional.empty();
    }

    private Object leave(Map<String, Object> args, SyncContext ctx, MutationActions actions) {
        Caller caller = Caller.of(config, ctx, names.leave());
        String channel = (String) args.get(CHANNEL);
        String sessionId = (String) args.getOrDefault(SESSION, ctx.connectionId());
        List<SessionKey> keys = ALL_SESSIONS.equals(sessionId)
                ? store.sessionsOfActor(caller.scope(), caller.actorId()).stream()
                        .map(Session::key).filter(key -> key.channel().equals(channel)).sorted().toList()
                : List.of(caller.session(channel, sessionId));
        List<Transition> done = service.apply(keys, k -> store.compute(k, (current, now) -> rules.leave(current)));
        return Map.of("left", done.stream().anyMatch(Transition.Delete.class::isInstance));
    }

    private Object cursor(Map<String, Object> args, SyncContext ctx, MutationActions actions) {
        SessionKey key = ownSession(args, ctx, names.cursor());
        Object cursor = args.get("cursor");
        return patch(key, names.cursor(), k -> store.compute(k, (current, now) -> rules.cursor(current, cursor, now)));
    }

    private Object typing(Map<String, Object> args, SyncContext ctx, MutationActions actions) {
        SessionKey key = ownSession(args, ctx, names.typing());
        boolean typing = (Boolean) args.get("typing");
        return patch(key, names.typing(), k -> store.compute(k, (current, now) -> rules.typing(current, typing, now)));
    }

    private Object patch(SessionKey key, String mutation, Function<SessionKey, Transition> operation) {
        return rowOf(service.applyOne(key, operation), mutation, key);
    }

    /** A new session must fit the channel and actor limits; a live one is already counted. */
    private Optional<Transition> admitted(SessionKey key) {
        Admission admission = store.admission(key);
        if (admission.alreadyLive()) {
            return Optional.empty();
        }
        return rules.admit(key.channel(), admission.channelSessions(), admission.actorChannels())
                .map(rejection -> new Transition.Reject(admission.current(), rejection));
    }

    private SessionKey ownSession(Map<String, Object> args, SyncContext ctx, String mutation) {
        Caller caller = Caller.of(config, ctx, mutation);
        String sessionId = (String) args.getOrDefault(SESSION, ctx.connectionId());
        if (ALL_SESSIONS.equals(sessionId)) {
            throw new InvalidArgumentException(mutation + ": field \"session\" may be \"*\" (all sessions) only for "
                    + names.leave() + "; name one session");
        }
        return service.sameKey(caller.session((String) args.get(CHANNEL), sessionId));
    }

    /** The session's row: the one published for an upsert, else built from the stored session. */
    private Map<String, Object> rowOf(PresenceService.Outcome done, String mutation, SessionKey key) {
        return switch (done.transition()) {
            case Transition.Upsert upsert when done.publishedRow().isPresent() -> done.publishedRow().get();
            case Transition.Upsert upsert -> PresenceRows.sessionRow(upsert.after());
            case Transition.Keep keep when keep.current().isPresent() -> PresenceRows.sessionRow(keep.current().get());
            case Transition.Reject reject -> throw PresenceErrors.of(reject.rejection(), config, mutation, key);
            case Transition.Keep keep -> throw new InternalException(mutation + " left no session behind");
            case Transition.Delete delete -> throw new InternalException(mutation + " deleted the session");
        };
    }

    /** Any JSON value of at most {@code maxBytes} as compact JSON. */
    private static FieldValidator jsonValue(long maxBytes) {
        return value -> {
            long size;
            try {
                size = JsonValues.encodedSize(value);
            } catch (IllegalArgumentException notJson) {
                return Optional.of(Violation.invalid("must be a JSON value"));
            }
            return size > maxBytes
                    ? Optional.of(Violation.overLimit("must be at most " + maxBytes + " bytes as JSON (was " + size + ")"))
                    : Optional.empty();
        };
    }
}
