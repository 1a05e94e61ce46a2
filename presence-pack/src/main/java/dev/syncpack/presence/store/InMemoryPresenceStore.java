package dev.syncpack.presence.store;

import dev.syncpack.presence.core.ChannelCount;
import dev.syncpack.presence.core.ChannelKey;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BiFunction;

/**
 * The default store: sessions in memory, lost on restart and private to one node. Thread-safe;
 * writes to one key are atomic ({@link ConcurrentHashMap#compute}). Indexes by channel, by actor
 * and by expiry keep every read proportional to what it returns: listing a channel touches only
 * that channel's sessions and finding expired sessions touches only expired ones.
 */
public final class InMemoryPresenceStore implements PresenceStore {

    private record ActorKey(String scope, String actorId) {
    }

    private record Expiry(Instant at, SessionKey key) {
    }

    private static final Comparator<Expiry> EXPIRY_ORDER =
            Comparator.comparing(Expiry::at).thenComparing(Expiry::key);

    private final InstantSource clock;
    private final ConcurrentMap<SessionKey, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<ChannelKey, Set<SessionKey>> byChannel = new ConcurrentHashMap<>();
    private final ConcurrentMap<ActorKey, Set<SessionKey>> byActor = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Expiry> byExpiry = new ConcurrentSkipListSet<>(EXPIRY_ORDER);

    /**
     * Creates an empty store.
     *
     * @param clock the clock every stored time comes from
     */
    public InMemoryPresenceStore(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Transition compute(SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        Transition[] outcome = new Transition[1];
        sessions.compute(key, (k, stored) -> {
            Optional<Session> current = Optional.ofNullable(stored);
            outcome[0] = Objects.requireNonNull(rule.apply(current, now()), "rule returned null");
            Session next = outcome[0].stored().orElse(null);
            if (outcome[0].stored().isPresent() && !next.key().equals(key)) {
                throw new IllegalArgumentException("rule returned a session for " + next.key() + " instead of " + key);
            }
            reindex(key, stored, next);
            return next;
        });
        return outcome[0];
    }

    @Override
    public Optional<Session> get(SessionKey key) {
        return Optional.ofNullable(sessions.get(key));
    }

    @Override
    public List<Session> list(String scope, String channel, Instant now) {
        List<Session> live = new ArrayList<>();
        for (SessionKey key : byChannel.getOrDefault(new ChannelKey(scope, channel), Set.of())) {
            Session session = sessions.get(key);
            if (session != null && session.isLiveAt(now)) {
                live.add(session);
            }
        }
        return live;
    }

    @Override
    public ChannelCount count(String scope, String channel, Instant now) {
        List<Session> live = list(scope, channel, now);
        Set<String> actors = new HashSet<>();
        live.forEach(session -> actors.add(session.key().actorId()));
        return new ChannelCount(live.size(), actors.size());
    }

    @Override
    public List<Session> sessionsOfActor(String scope, String actorId) {
        List<Session> found = new ArrayList<>();
        for (SessionKey key : byActor.getOrDefault(new ActorKey(scope, actorId), Set.of())) {
            Session session = sessions.get(key);
            if (session != null) {
                found.add(session);
            }
        }
        return found;
    }

    @Override
    public Optional<Session> deleteIfExpired(SessionKey key, Instant now) {
        Session[] deleted = new Session[1];
        sessions.computeIfPresent(key, (k, stored) -> {
            if (stored.isLiveAt(now)) {
                return stored;
            }
            deleted[0] = stored;
            reindex(key, stored, null);
            return null;
        });
        return Optional.ofNullable(deleted[0]);
    }

    @Override
    public List<SessionKey> expired(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<SessionKey> keys = new ArrayList<>();
        for (Expiry expiry : byExpiry) {
            if (expiry.at().isAfter(now) || keys.size() == limit) {
                break;
            }
            keys.add(expiry.key());
        }
        return keys;
    }

    /** Runs inside the key's compute, so index changes for one key never interleave. */
    private void reindex(SessionKey key, Session before, Session after) {
        if (before != null && (after == null || !before.expiresAt().equals(after.expiresAt()))) {
            byExpiry.remove(new Expiry(before.expiresAt(), key));
        }
        if (after != null) {
            byExpiry.add(new Expiry(after.expiresAt(), key));
        }
        if (before == null && after != null) {
            addTo(byChannel, key.channelKey(), key);
            addTo(byActor, new ActorKey(key.scope(), key.actorId()), key);
        } else if (before != null && after == null) {
            removeFrom(byChannel, key.channelKey(), key);
            removeFrom(byActor, new ActorKey(key.scope(), key.actorId()), key);
        }
    }

    private static <K> void addTo(ConcurrentMap<K, Set<SessionKey>> index, K indexKey, SessionKey key) {
        index.compute(indexKey, (k, keys) -> {
            Set<SessionKey> set = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            set.add(key);
            return set;
        });
    }

    private static <K> void removeFrom(ConcurrentMap<K, Set<SessionKey>> index, K indexKey, SessionKey key) {
        index.computeIfPresent(indexKey, (k, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        });
    }
}
