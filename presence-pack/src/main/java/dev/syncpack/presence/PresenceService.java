package dev.syncpack.presence;

import dev.syncpack.presence.core.Activity;
import dev.syncpack.presence.core.PresenceRules;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.presence.core.Transition;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.PackLifecycle;
import dev.syncpack.spi.PackRuntime;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.UnavailableException;
import dev.syncpack.spi.table.ChangeOp;
import dev.syncpack.spi.table.RowChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The imperative shell around {@link PresenceRules}: every change to a session follows the same
 * steps — lock the key, let the store carry out a rule atomically, publish the applied change,
 * watch the session's next deadline — so the changes to one key reach subscribers in the order
 * they were applied. Mutations, pushed expiry, closed connections and the cleanup sweep all go
 * through {@link #apply}. A store call that fails may still have been carried out (the database
 * committed, then the connection broke before it answered); such a key is reconciled a second
 * later: what the store then holds is published, so no subscriber keeps a session that is gone or
 * misses one that is there.
 */
final class PresenceService implements PackLifecycle {

    private static final System.Logger LOG = System.getLogger(PresenceService.class.getName());
    private static final Duration RECHECK_DELAY = Duration.ofMillis(100);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final PresenceConfig config;
    private final PresenceRules rules;
    private final KeyLocks locks = new KeyLocks();
    /** Keys whose last write failed and may have been carried out anyway; reconciled when due. */
    private final Set<SessionKey> inDoubt = ConcurrentHashMap.newKeySet();
    private volatile PackRuntime runtime;
    private volatile NodeSessions nodeSessions;

    PresenceService(PresenceConfig config) {
        this.config = config;
        this.rules = new PresenceRules(config.policy());
    }

    PresenceConfig config() {
        return config;
    }

    PresenceRules rules() {
        return rules;
    }

    PresenceStore store() {
        return config.store();
    }

    @Override
    public synchronized void onRegistered(PackRuntime packRuntime) {
        if (runtime != null) {
            throw new IllegalStateException("presence pack " + config.names().table()
                    + " is already registered with an engine; build one pack per engine");
        }
        nodeSessions = new NodeSessions(config.timers().get(), this::onDue);
        runtime = packRuntime;
    }

    @Override
    public synchronized void onUnregistered() {
        if (nodeSessions != null) {
            nodeSessions.close();
        }
        nodeSessions = null;
        runtime = null;
        inDoubt.clear();
    }

    /**
     * @return the key this node already works with for {@code key}'s session, or {@code key}; see
     *     {@link NodeSessions#sameKey}
     */
    SessionKey sameKey(SessionKey key) {
        NodeSessions current = nodeSessions;
        return current == null ? key : current.sameKey(key);
    }

    /** Gives every session the closed connection kept alive {@code reconnectGrace} to come back. */
    @Override
    public void onConnectionClosed(SyncContext ctx) {
        NodeSessions current = nodeSessions;
        if (runtime == null || current == null) {
            return;
        }
        for (SessionKey key : current.close(ctx.connectionId())) {
            locks.withLock(key, () -> current.release(key, ctx.connectionId())
                    ? applyLocked(List.of(key), k -> store().compute(k, (session, now) -> rules.disconnect(session, now)),
                            Instant.MIN, null)
                    : List.of());
        }
    }

    /**
     * Watches the sessions other nodes write until they expire, so that when a node dies without
     * its sessions leaving, the survivors remove them at their deadline instead of waiting for the
     * cleanup sweep. Settling is conditional, so a live owner renewing meanwhile always wins.
     */
    @Override
    public void onPeerChanges(List<RowChange> changes) {
        NodeSessions current = nodeSessions;
        if (current == null) {
            return;
        }
        for (RowChange change : changes) {
            SessionKey key = PresenceRows.keyOf(change.row());
            locks.withLock(key, () -> {
                if (change.op() == ChangeOp.DELETE) {
                    current.forget(key);
                } else {
                    current.watch(key, PresenceRows.expiresAtOf(change.row()));
                }
                return null;
            });
        }
    }

    /**
     * Runs {@code operation} (a store call returning what it did) on each key under the keys'
     * locks, publishes everything applied as one batch, even when a later key fails, and watches
     * or forgets each session accordingly.
     *
     * @return the transitions, in the order of {@code keys}
     */
    List<Transition> apply(List<SessionKey> keys, Function<SessionKey, Transition> operation) {
        return apply(keys, operation, Instant.MIN);
    }

    /**
     * Removes up to {@code limit} sessions expired at {@code now} with one store call, holding every
     * key's lock meanwhile: the store picks the sessions, so no heartbeat on this node may
     * recreate one and publish it between the delete and the removal's publication. The removed
     * sessions are forgotten and published as one batch. When the store call fails, the sessions
     * found expired just before are in doubt.
     *
     * @return the sessions removed
     */
    List<Session> removeExpired(Instant now, int limit) {
        List<SessionKey> candidates = store().expired(now, limit);
        if (candidates.isEmpty()) {
            return List.of();
        }
        return locks.withAll(() -> {
            List<Session> deleted;
            try {
                deleted = store().deleteExpired(now, limit);
            } catch (RuntimeException e) {
                candidates.forEach(this::doubt);
                throw e;
            }
            List<Transition> done = new ArrayList<>(deleted.size());
            for (Session session : deleted) {
                Transition removal = new Transition.Delete(session);
                follow(session.key(), removal, Instant.MIN, null);
                done.add(removal);
            }
            publishWrites(done);
            return deleted;
        });
    }

    /** Like {@link #apply(List, Function)}, watching no session again before {@code earliest}. */
    private List<Transition> apply(List<SessionKey> keys, Function<SessionKey, Transition> operation,
                                   Instant earliest) {
        return locks.withLocks(keys, () -> applyLocked(keys, operation, earliest, null));
    }

    /**
     * {@link #apply(List, Function, Instant)} for a caller that already holds the keys' locks;
     * {@code keptAliveBy}, when not null, is the connection that now keeps each stored session alive.
     */
    private List<Transition> applyLocked(List<SessionKey> keys, Function<SessionKey, Transition> operation,
                                         Instant earliest, String keptAliveBy) {
        List<Transition> done = new ArrayList<>(keys.size());
        RuntimeException failure = null;
        try {
            for (int i = 0; i < keys.size(); i++) {
                done.add(operation.apply(keys.get(i)));
            }
        } catch (RuntimeException e) {
            failure = e;
            doubt(keys.get(done.size()));
        }
        for (int i = 0; i < done.size(); i++) {
            follow(keys.get(i), done.get(i), earliest, keptAliveBy);
        }
        try {
            publishWrites(done);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return done;
    }

    /**
     * {@link #applyLocked} for one key, without the lists a batch needs: every heartbeat that writes
     * comes this way.
     */
    private Outcome applyOneLocked(SessionKey key, Function<SessionKey, Transition> operation, String keptAliveBy) {
        Transition done;
        try {
            done = operation.apply(key);
        } catch (RuntimeException e) {
            doubt(key);
            throw e;
        }
        follow(key, done, Instant.MIN, keptAliveBy);
        RowChange change = changeOf(done);
        if (change == null) {
            return new Outcome(done, Optional.empty());
        }
        publish(List.of(change));
        return new Outcome(done, Optional.of(change.row()));
    }

    /**
     * Like {@link #apply} for one key.
     *
     * @return what was done, and the row published for it, if any (so a caller answering with the
     *     session's row need not build it again)
     */
    Outcome applyOne(SessionKey key, Function<SessionKey, Transition> operation) {
        return locks.withLock(key, () -> applyOneLocked(key, operation, null));
    }

    /**
     * Renews a session for a heartbeat on {@code ctx}'s connection, which then keeps it alive. When
     * this node remembers the session from an earlier heartbeat and {@code rule} keeps it at the
     * latest time the store's clock can read, the heartbeat is answered from memory and the store is
     * not asked (a coalesced renewal costs no round trip to a database). Otherwise {@code operation}
     * runs like {@link #applyOne}'s, given {@code rule} to pass to its store calls, and when the store
     * carried out what {@code rule} decided, that session is remembered with the store's time.
     * Without coalesced renewals (the rule then keeps no live session) {@code operation} runs with
     * {@code rule} itself and nothing is remembered.
     *
     * <p>Keeping is safe at a later time than the store's: the rule keeps only a session that stays
     * live, with the same activity and typing, until later than the true time. Every other change to
     * the session on this node, and every change another node publishes to it, drops what is
     * remembered (see {@link NodeSessions}), so a heartbeat answered from memory can miss only a
     * change by another node whose publication has not arrived yet.
     */
    Outcome renew(SyncContext ctx, SessionKey key, BiFunction<Optional<Session>, Instant, Transition> rule,
                  Function<BiFunction<Optional<Session>, Instant, Transition>, Transition> operation) {
        return locks.withLock(key, () -> {
            NodeSessions current = config.policy().coalesceRenewals() ? nodeSessions : null;
            if (current == null) {
                return applyOneLocked(key, k -> operation.apply(rule), ctx.connectionId());
            }
            Instant askedAt = config.clock().instant();
            Optional<NodeSessions.Known> known = current.recall(key, askedAt);
            if (known.isPresent()) {
                Session session = known.get().session();
                Transition kept = rule.apply(Optional.of(session), known.get().storeNow());
                if (kept instanceof Transition.Keep) {
                    current.watchRemembered(key, rules.nextDeadline(session), ctx.connectionId());
                    return new Outcome(kept, Optional.empty());
                }
            }
            Decision decision = new Decision(rule);
            Outcome done = applyOneLocked(key, k -> operation.apply(decision), ctx.connectionId());
            if (decision.decided == done.transition() && !(decision.decided instanceof Transition.Reject)) {
                done.transition().stored().ifPresent(session ->
                        current.remember(key, session, decision.decidedAt, askedAt));
            }
            return done;
        });
    }

    /** A rule that notes what it last decided and the store's time it decided at. */
    private static final class Decision implements BiFunction<Optional<Session>, Instant, Transition> {
        private final BiFunction<Optional<Session>, Instant, Transition> rule;
        private Transition decided;
        private Instant decidedAt;

        private Decision(BiFunction<Optional<Session>, Instant, Transition> rule) {
            this.rule = rule;
        }

        @Override
        public Transition apply(Optional<Session> stored, Instant now) {
            decided = null;
            decidedAt = now;
            decided = rule.apply(stored, now);
            return decided;
        }
    }

    /**
     * What {@link #applyOne} or {@link #renew} did to one session.
     *
     * @param transition the store's transition
     * @param publishedRow the row published for it, when it published one
     */
    record Outcome(Transition transition, Optional<Map<String, Object>> publishedRow) {
    }

    private void onDue(SessionKey key) {
        NodeSessions current = nodeSessions;
        if (current == null) {
            return;
        }
        Instant now = config.clock().instant();
        try {
            locks.withLock(key, () -> {
                if (!current.claim(key, now)) {
                    return List.of();
                }
                if (inDoubt.remove(key)) {
                    reconcile(key);
                }
                return applyLocked(List.of(key),
                        k -> store().compute(k, (session, storeNow) -> rules.settle(session, storeNow)),
                        now.plus(RECHECK_DELAY), null);
            });
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, () -> "presence pack " + config.names().table()
                    + " could not settle a session; retrying in " + RETRY_DELAY, failure);
            locks.withLock(key, () -> {
                current.watch(key, now.plus(RETRY_DELAY));
                return null;
            });
        }
    }

    /**
     * Notes that the last write to {@code key} failed and may still have been carried out (a
     * database can commit and then lose the connection before answering), and checks back after
     * {@code RETRY_DELAY}. Callers hold the key's lock.
     */
    private void doubt(SessionKey key) {
        inDoubt.add(key);
        NodeSessions current = nodeSessions;
        if (current != null) {
            current.watch(key, config.clock().instant().plus(RETRY_DELAY));
        }
    }

    /**
     * Publishes what the store now holds for a key whose last write was in doubt: an update with the
     * stored session, or a removal when there is none. Subscribers that already hold exactly that see
     * no change; those that missed the write catch up. On failure the key stays in doubt.
     */
    private void reconcile(SessionKey key) {
        try {
            String table = config.names().table();
            RowChange change = store().get(key)
                    .map(session -> RowChange.update(table, PresenceRows.sessionRow(session)))
                    .orElseGet(() -> RowChange.delete(table, PresenceRows.sessionRow(new Session(key, Map.of(),
                            Activity.ACTIVE, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH))));
            PackRuntime current = runtime;
            if (current != null) {
                current.publish(List.of(change));
            }
        } catch (RuntimeException e) {
            inDoubt.add(key);
            throw e;
        }
    }

    /**
     * Watches a stored session's next deadline, with the connection that keeps it alive when there
     * is one and the transition was not a rejection; forgets a session that is gone.
     */
    private void follow(SessionKey key, Transition transition, Instant earliest, String keptAliveBy) {
        NodeSessions current = nodeSessions;
        if (current == null) {
            return;
        }
        Optional<Session> stored = transition.stored();
        if (stored.isEmpty()) {
            current.forget(key);
            return;
        }
        Instant deadline = rules.nextDeadline(stored.get());
        Instant at = deadline.isBefore(earliest) ? earliest : deadline;
        if (keptAliveBy == null || transition instanceof Transition.Reject) {
            current.watch(key, at);
        } else {
            current.watch(key, at, keptAliveBy);
        }
    }

    /** Publishes the changes of {@code transitions} that wrote, in their order, as one batch. */
    private void publishWrites(List<Transition> transitions) {
        List<RowChange> changes = new ArrayList<>(transitions.size());
        for (Transition transition : transitions) {
            RowChange change = changeOf(transition);
            if (change != null) {
                changes.add(change);
            }
        }
        if (!changes.isEmpty()) {
            publish(List.copyOf(changes));
        }
    }

    /** @param changes what to publish, as the unmodifiable list the engine keeps without copying it */
    private void publish(List<RowChange> changes) {
        PackRuntime current = runtime;
        if (current == null) {
            throw new UnavailableException("presence pack " + config.names().table() + " is not registered with an "
                    + "engine; register it before using it");
        }
        current.publish(changes);
    }

    /** @return the row change a transition publishes, or null for one that wrote nothing */
    private RowChange changeOf(Transition transition) {
        String table = config.names().table();
        return switch (transition) {
            case Transition.Upsert upsert -> {
                Map<String, Object> row = PresenceRows.sessionRow(upsert.after());
                yield upsert.before().isPresent() ? RowChange.update(table, row) : RowChange.insert(table, row);
            }
            case Transition.Delete delete -> RowChange.delete(table, PresenceRows.sessionRow(delete.before()));
            case Transition.Keep keep -> null;
            case Transition.Reject reject -> null;
        };
    }
}
