package dev.syncpack.presence.core;

import dev.syncpack.spi.schema.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every presence decision as a pure function of (stored session, request, now): no store, no
 * clock, no I/O. Each rule returns the {@link Transition} a store carries out atomically.
 *
 * <p>A session is live while {@code now < expiresAt}; a stored session that is no longer live
 * counts as absent for every rule (a heartbeat on it starts a new session). Before any rule
 * changes a live session it first settles it: typing past its deadline is cleared and the activity
 * is brought up to date.
 *
 * @param policy the times and limits
 */
public record PresenceRules(PresencePolicy policy) {

    /**
     * Rules applying {@code policy}.
     *
     * @throws NullPointerException when {@code policy} is null
     */
    public PresenceRules {
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * Upserts the session and pushes {@code expiresAt} to {@code now + heartbeatTtl}. The state is
     * merge-patched (RFC 7386) over the stored state, or replaces it when {@code replace} is set;
     * {@code typing: true} in the patch starts the typing timer like {@link #typing}.
     *
     * <p><b>Coalesced renewals.</b> When {@link PresencePolicy#coalesceRenewals()} is on, a
     * heartbeat keeps the stored times of a live session (settled, when typing or activity changed
     * with time) as long as that session still has at least half its TTL left and would not change
     * activity before it expires; the caller is answered with the stored {@code expiresAt}. A client
     * heartbeating more often than every TTL / 2 therefore never expires, and renewals cost no write
     * and no diff for subscribers. The stored {@code heartbeatAt} lags the last heartbeat by less
     * than TTL / 2. A state patch the heartbeat carries is still written at once, with those stored
     * times, so a subscriber's patch of it holds the state alone. An active heartbeat is coalesced
     * only while {@code activeAt + idleAfter} is not before {@code expiresAt}, which holds whenever
     * {@code idleAfter} is at least the TTL (the defaults: 60 s and 30 s).
     *
     * @param key the session
     * @param current the stored session, if any
     * @param heartbeat the request
     * @param now the store's current time
     * @return an upsert; a keep when nothing would change or the renewal is coalesced; a reject
     *     when the patch sets {@code typingExpiresAt}, sets {@code typing} to a non-boolean or makes
     *     the state too large
     */
    public Transition heartbeat(SessionKey key, Optional<Session> current, Heartbeat heartbeat, Instant now) {
        Optional<Map<String, Object>> patch = heartbeat.state();
        Optional<Rejection> badPatch = patch.flatMap(PresenceRules::checkPatch);
        if (badPatch.isPresent()) {
            return new Transition.Reject(current, badPatch.get());
        }
        Optional<Session> live = live(current, now);
        Map<String, Object> base = heartbeat.replace() ? Map.of() : live.map(Session::state).orElse(Map.of());
        Map<String, Object> state = patch.map(p -> JsonMergePatch.applyToObject(base, p)).orElse(base);
        if (patch.isPresent() && patch.get().containsKey(Session.TYPING)) {
            state = withTypingDeadline(state, patch.get().get(Session.TYPING), now);
        }
        Instant activeAt = heartbeat.active() || live.isEmpty() ? now : live.get().activeAt();
        Activity activity = activityAt(activeAt, now);
        if (live.isPresent() && isCoalescedRenewal(live.get(), activity, activeAt, now)) {
            return live.get().state().equals(state) ? write(current, live.get())
                    : sizedWrite(current, live.get().withState(state));
        }
        return sizedWrite(current, new Session(key, state, activity, live.map(Session::joinedAt).orElse(now), now,
                activeAt, now.plus(policy.heartbeatTtl())));
    }

    /**
     * Whether a heartbeat at {@code now} that leaves the session {@code activity}, last active at
     * {@code activeAt}, may keep the times of {@code live} (the stored session settled at
     * {@code now}), which has half its TTL left or more and keeps its activity until it expires.
     */
    private boolean isCoalescedRenewal(Session live, Activity activity, Instant activeAt, Instant now) {
        return policy.coalesceRenewals()
                && !live.expiresAt().isBefore(now.plus(half(policy.heartbeatTtl())))
                && live.activity() == activity
                && (activeAt.equals(live.activeAt())
                        || !live.activeAt().plus(policy.idleAfter()).isBefore(live.expiresAt()));
    }

    /** {@code duration.dividedBy(2)} without the big-decimal arithmetic it does, as every heartbeat asks. */
    private static Duration half(Duration duration) {
        long seconds = duration.getSeconds();
        return Duration.ofSeconds(seconds / 2, seconds % 2 * 500_000_000L + duration.getNano() / 2);
    }

    /**
     * Removes the session, live or not; leaving what is not there changes nothing.
     *
     * @param current the stored session, if any
     * @return a delete, or a keep when there is nothing to remove
     */
    public Transition leave(Optional<Session> current) {
        return current.<Transition>map(Transition.Delete::new).orElseGet(() -> new Transition.Keep(Optional.empty()));
    }

    /**
     * Sets {@code state.cursor} of a live session ({@code null} removes it) and marks the user
     * active; {@code expiresAt} and {@code heartbeatAt} stay as they are.
     *
     * @param current the stored session, if any
     * @param cursor any JSON value, or null
     * @param now the store's current time
     * @return an upsert or keep; a reject when there is no live session or the state gets too large
     */
    public Transition cursor(Optional<Session> current, Object cursor, Instant now) {
        return patchLive(current, now, state -> {
            Map<String, Object> next = new LinkedHashMap<>(state);
            if (cursor == null) {
                next.remove(Session.CURSOR);
            } else {
                next.put(Session.CURSOR, JsonTree.copy(cursor));
            }
            return next;
        });
    }

    /**
     * Sets {@code state.typing} of a live session; {@code true} also sets
     * {@code state.typingExpiresAt} to {@code now + typingTtl} (the server clears it then),
     * {@code false} sets it to null. Marks the user active; {@code expiresAt} stays.
     *
     * @param current the stored session, if any
     * @param typing whether the user is typing
     * @param now the store's current time
     * @return an upsert or keep; a reject when there is no live session or the state gets too large
     */
    public Transition typing(Optional<Session> current, boolean typing, Instant now) {
        return patchLive(current, now, state -> withTypingDeadline(
                JsonMergePatch.applyToObject(state, Map.of(Session.TYPING, typing)), typing, now));
    }

    /**
     * Brings a session up to date with time: removes it once expired, clears typing past its
     * deadline and moves its activity from active to idle to away.
     *
     * @param current the stored session, if any
     * @param now the store's current time
     * @return a delete when expired, an upsert when typing or activity changed, otherwise a keep
     */
    public Transition settle(Optional<Session> current, Instant now) {
        if (current.isEmpty()) {
            return new Transition.Keep(current);
        }
        if (!current.get().isLiveAt(now)) {
            return new Transition.Delete(current.get());
        }
        return write(current, settled(current.get(), now));
    }

    /**
     * Shortens a live session to {@code now + reconnectGrace} because its connection closed; a
     * heartbeat within the grace renews it as usual.
     *
     * @param current the stored session, if any
     * @param now the store's current time
     * @return an upsert, or a keep when the session is absent, expired or already ends sooner
     */
    public Transition disconnect(Optional<Session> current, Instant now) {
        Optional<Session> live = live(current, now);
        if (live.isEmpty()) {
            return new Transition.Keep(current);
        }
        Instant graceEnd = now.plus(policy.reconnectGrace());
        Session session = live.get();
        return write(current, session.expiresAt().isAfter(graceEnd) ? session.withExpiresAt(graceEnd) : session);
    }

    /**
     * Decides whether a new session may join a channel.
     *
     * @param channel the channel joined
     * @param liveSessionsInChannel live sessions already in it
     * @param liveChannelsOfActor the channels the joining actor is already live in
     * @return the limit a new session would break, if any
     */
    public Optional<Rejection> admit(String channel, int liveSessionsInChannel, Set<String> liveChannelsOfActor) {
        if (liveSessionsInChannel >= policy.maxSessionsPerChannel()) {
            return Optional.of(new Rejection.TooManySessionsInChannel(policy.maxSessionsPerChannel()));
        }
        if (!liveChannelsOfActor.contains(channel) && liveChannelsOfActor.size() >= policy.maxChannelsPerActor()) {
            return Optional.of(new Rejection.TooManyChannelsForActor(policy.maxChannelsPerActor()));
        }
        return Optional.empty();
    }

    /**
     * When a node should next look at a session.
     *
     * @param session a stored session
     * @return the earliest time {@link #settle} may change it: its expiry, its typing deadline or
     *     its next activity change
     */
    public Instant nextDeadline(Session session) {
        Instant next = session.expiresAt();
        Instant activityChange = switch (session.activity()) {
            case ACTIVE -> session.activeAt().plus(policy.idleAfter());
            case IDLE -> session.activeAt().plus(policy.awayAfter());
            case AWAY -> next;
        };
        next = activityChange.isBefore(next) ? activityChange : next;
        Optional<Instant> typingEnd = session.typingDeadline();
        return typingEnd.isPresent() && typingEnd.get().isBefore(next) ? typingEnd.get() : next;
    }

    /**
     * The activity a session has at a given time.
     *
     * @param activeAt the last time the user was active
     * @param now the current time
     * @return active before {@code idleAfter}, idle before {@code awayAfter}, then away
     */
    public Activity activityAt(Instant activeAt, Instant now) {
        if (now.isBefore(activeAt.plus(policy.idleAfter()))) {
            return Activity.ACTIVE;
        }
        return now.isBefore(activeAt.plus(policy.awayAfter())) ? Activity.IDLE : Activity.AWAY;
    }

    private Transition patchLive(Optional<Session> current, Instant now,
                                 UnaryOperator<Map<String, Object>> patch) {
        Optional<Session> live = live(current, now);
        if (live.isEmpty()) {
            return new Transition.Reject(current, new Rejection.NoLiveSession());
        }
        Session session = settled(live.get(), now);
        return sizedWrite(current,
                session.withState(patch.apply(session.state())).withActivity(Activity.ACTIVE, now));
    }

    private Transition sizedWrite(Optional<Session> current, Session next) {
        long size = JsonValues.encodedSize(next.state());
        return size > policy.maxStateBytes()
                ? new Transition.Reject(current, new Rejection.StateTooLarge(size, policy.maxStateBytes()))
                : write(current, next);
    }

    private static Transition write(Optional<Session> current, Session next) {
        return current.equals(Optional.of(next)) ? new Transition.Keep(current)
                : new Transition.Upsert(current, next);
    }

    private Optional<Session> live(Optional<Session> current, Instant now) {
        return current.filter(session -> session.isLiveAt(now)).map(session -> settled(session, now));
    }

    private Session settled(Session session, Instant now) {
        Session typingSettled = session.typingDeadline().filter(deadline -> !deadline.isAfter(now)).isPresent()
                ? session.withState(withTypingDeadline(
                        JsonMergePatch.applyToObject(session.state(), Map.of(Session.TYPING, false)), false, now))
                : session;
        Activity activity = activityAt(session.activeAt(), now);
        return activity == typingSettled.activity() ? typingSettled
                : typingSettled.withActivity(activity, session.activeAt());
    }

    private Map<String, Object> withTypingDeadline(Map<String, Object> state, Object typing, Instant now) {
        Map<String, Object> next = new LinkedHashMap<>(state);
        if (typing == null) {
            next.remove(Session.TYPING_EXPIRES_AT);
        } else {
            next.put(Session.TYPING_EXPIRES_AT,
                    Boolean.TRUE.equals(typing) ? now.plus(policy.typingTtl()).toEpochMilli() : null);
        }
        return Collections.unmodifiableMap(next);
    }

    private static Optional<Rejection> checkPatch(Map<String, Object> patch) {
        if (patch.containsKey(Session.TYPING_EXPIRES_AT)) {
            return Optional.of(new Rejection.ServerOwnedField(Session.TYPING_EXPIRES_AT));
        }
        Object typing = patch.get(Session.TYPING);
        return typing == null || typing instanceof Boolean ? Optional.empty()
                : Optional.of(new Rejection.NotBoolean(Session.TYPING));
    }
}
