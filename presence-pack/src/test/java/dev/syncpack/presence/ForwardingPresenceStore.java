package dev.syncpack.presence;

import dev.syncpack.presence.core.ChannelCount;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.PresenceStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** A store that passes every call to another; tests override the calls they watch or break. */
class ForwardingPresenceStore implements PresenceStore {

    private final PresenceStore delegate;

    ForwardingPresenceStore(PresenceStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Instant now() {
        return delegate.now();
    }

    @Override
    public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        return delegate.compute(key, rule);
    }

    @Override
    public Optional<Session> get(SessionKey key) {
        return delegate.get(key);
    }

    @Override
    public List<Session> list(String scope, String channel, Instant now) {
        return delegate.list(scope, channel, now);
    }

    @Override
    public ChannelCount count(String scope, String channel, Instant now) {
        return delegate.count(scope, channel, now);
    }

    @Override
    public int countSessions(String scope, String channel, Instant now) {
        return delegate.countSessions(scope, channel, now);
    }

    @Override
    public List<Session> sessionsOfActor(String scope, String actorId) {
        return delegate.sessionsOfActor(scope, actorId);
    }

    @Override
    public Optional<Session> deleteIfExpired(SessionKey key, Instant now) {
        return delegate.deleteIfExpired(key, now);
    }

    @Override
    public List<SessionKey> expired(Instant now, int limit) {
        return delegate.expired(now, limit);
    }

    @Override
    public List<Session> deleteExpired(Instant now, int limit) {
        return delegate.deleteExpired(now, limit);
    }
}
