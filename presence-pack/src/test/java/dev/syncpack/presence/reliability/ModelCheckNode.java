package dev.syncpack.presence.reliability;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.presence.ManualTimer;
import dev.syncpack.presence.PresencePack;
import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.core.PresenceRules;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.SyncException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system under test for one schedule: the reference engine with one presence pack over the
 * store, a manual timer for pushed expiry, one {@link SubscriberMirror} per viewer, and the
 * connections the schedule acts as. Ops of one connection must come from one thread.
 */
final class ModelCheckNode implements AutoCloseable {

    private final Universe universe;
    private final ModelTime.Bound time;
    private final ManualTimer timer = new ManualTimer();
    private final InProcessSyncEngine engine;
    private final PresenceRules rules;
    private final List<SubscriberMirror> mirrors = new ArrayList<>();
    /** How often each connection reconnected; each entry is only touched by its connection's lane. */
    private final int[] generations;

    ModelCheckNode(Universe universe, ModelTime.Bound time) {
        this.universe = universe;
        this.time = time;
        PresencePolicy policy = universe.policy();
        this.rules = new PresenceRules(policy);
        this.engine = InProcessSyncEngine.builder().clock(time.clock()).build();
        engine.registerPack(timer.drive(PresencePack.builder()
                .actorId(ctx -> ctx.stringAttribute("userId"))
                .scope(ctx -> ctx.stringAttribute("workspaceId"))
                .canAccessChannel((channel, ctx) -> !Universe.DENIED_CHANNEL.equals(channel))
                .clock(time.clock())
                .store(time.store())
                .heartbeatTtl(policy.heartbeatTtl())
                .typingTtl(policy.typingTtl())
                .reconnectGrace(policy.reconnectGrace())
                .idleAfter(policy.idleAfter())
                .awayAfter(policy.awayAfter())
                .maxStateBytes(policy.maxStateBytes())
                .maxSessionsPerChannel(policy.maxSessionsPerChannel())
                .maxChannelsPerActor(policy.maxChannelsPerActor())
                .maxChannelLength(universe.maxChannelLength())).build());
        this.generations = new int[universe.connections()];
        universe.viewers().forEach(viewer -> mirrors.add(new SubscriberMirror(viewer)));
        mirrors.forEach(mirror -> mirror.subscribe(engine, false));
    }

    /** @return who the connection is now, as the model sees it */
    PresenceModel.Caller caller(int connection) {
        return new PresenceModel.Caller(connectionId(connection), universe.scopeOf(connection),
                universe.actorOf(connection));
    }

    /** Runs one op; a mutation's typed refusal is an outcome, anything else it throws escapes. */
    Outcome run(Op op) {
        return switch (op) {
            case Op.Heartbeat heartbeat -> mutate("heartbeat", heartbeat.connection(), args(heartbeat.channel(),
                    heartbeat.session(), "state", heartbeat.patch(), "replace", heartbeat.replace() ? true : null,
                    "active", heartbeat.active() ? null : false));
            case Op.Cursor cursor -> mutate("cursor", cursor.connection(),
                    withNull(args(cursor.channel(), cursor.session()), "cursor", cursor.cursor()));
            case Op.Typing typing -> mutate("typing", typing.connection(),
                    args(typing.channel(), typing.session(), "typing", typing.typing()));
            case Op.Leave leave -> mutate("leave", leave.connection(), args(leave.channel(), leave.session()));
            case Op.Close close -> {
                engine.connectionClosed(context(close.connection()));
                generations[close.connection()]++;
                yield new Outcome.Done();
            }
            case Op.Advance advance -> {
                time.advance().by(advance.millis());
                if (advance.fireTimers()) {
                    timer.runDue(time.clock().instant());
                }
                yield new Outcome.Done();
            }
            case Op.Cleanup cleanup -> {
                engine.runSchedule("presence:cleanup");
                yield new Outcome.Done();
            }
            case Op.Resubscribe resubscribe -> {
                mirrors.get(resubscribe.subscriber()).resubscribe(engine, resubscribe.resume());
                yield new Outcome.Done();
            }
        };
    }

    /** Runs every timer due by the current time. */
    void runDueTimers() {
        timer.runDue(time.clock().instant());
    }

    /** Moves time forward without running timers. */
    void advance(long millis) {
        time.advance().by(millis);
    }

    /** @return every session the store holds for the universe's actors, live or not */
    List<Session> storedSessions() {
        List<Session> stored = new ArrayList<>();
        for (String scope : universe.scopes()) {
            for (String actor : universe.actors()) {
                stored.addAll(time.store().sessionsOfActor(scope, actor));
            }
        }
        return stored;
    }

    /** @return true when the session needs no change at {@code now}: live, typing and activity current */
    boolean settled(Session session, Instant now) {
        return session.isLiveAt(now) && rules.settle(Optional.of(session), now) instanceof Transition.Keep;
    }

    List<Map<String, Object>> hydrate(Universe.Viewer viewer) {
        return engine.hydrate(viewer.collection(), viewer.params(), viewer.context());
    }

    List<SubscriberMirror> mirrors() {
        return mirrors;
    }

    PresenceStore store() {
        return time.store();
    }

    boolean exactTime() {
        return time.exact();
    }

    long nowMillis() {
        return time.clock().millis();
    }

    @Override
    public void close() {
        mirrors.forEach(SubscriberMirror::close);
        engine.close();
    }

    private Outcome mutate(String mutation, int connection, Map<String, Object> args) {
        try {
            return new Outcome.Acked(engine.runMutation("presence:" + mutation, args, context(connection)));
        } catch (SyncException refused) {
            return new Outcome.Refused(refused.code(), refused.getMessage());
        }
    }

    private SyncContext context(int connection) {
        return SyncContext.of(connectionId(connection), Map.of("userId", universe.actorOf(connection),
                "workspaceId", universe.scopeOf(connection)));
    }

    private String connectionId(int connection) {
        return "c" + connection + "." + generations[connection];
    }

    /** @return {channel, session?} plus the pairs whose value is not null */
    private static Map<String, Object> args(String channel, String session, Object... pairs) {
        Map<String, Object> args = new HashMap<>();
        args.put("channel", channel);
        if (session != null) {
            args.put("session", session);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                args.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return args;
    }

    private static Map<String, Object> withNull(Map<String, Object> args, String field, Object value) {
        args.put(field, value);
        return args;
    }
}
