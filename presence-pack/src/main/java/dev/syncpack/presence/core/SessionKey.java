package dev.syncpack.presence.core;

import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of one presence session: one device or tab of one actor in one channel of one
 * tenant. The four parts stay separate so that no two different sessions can share a key, whatever
 * characters their parts contain.
 *
 * @param scope the tenant, or {@code ""} when the host configured none
 * @param channel what the session is present in (a document, a room)
 * @param actorId who is present
 * @param sessionId which of the actor's devices or tabs
 */
public record SessionKey(String scope, String channel, String actorId, String sessionId)
        implements Comparable<SessionKey> {

    private static final Comparator<SessionKey> ORDER = Comparator.comparing(SessionKey::scope)
            .thenComparing(SessionKey::channel)
            .thenComparing(SessionKey::actorId)
            .thenComparing(SessionKey::sessionId);

    /**
     * Checks the parts.
     *
     * @throws NullPointerException when a part is null
     * @throws IllegalArgumentException when {@code channel}, {@code actorId} or {@code sessionId} is empty
     */
    public SessionKey {
        Objects.requireNonNull(scope, "scope");
        requireNonEmpty(channel, "channel");
        requireNonEmpty(actorId, "actorId");
        requireNonEmpty(sessionId, "sessionId");
    }

    /**
     * The channel this session is in.
     *
     * @return its (scope, channel)
     */
    public ChannelKey channelKey() {
        return new ChannelKey(scope, channel);
    }

    /**
     * The row id clients see: derived from all four parts so that two different keys never share
     * an id (separators inside parts are escaped).
     *
     * @return the opaque row id
     */
    public String rowId() {
        return RowIds.join(scope, channel, actorId, sessionId);
    }

    /**
     * Every heartbeat hashes its key several times (its lock, this node's entry, the store); written
     * out, this costs a few multiplications, where the record's generated method hashed through a
     * chain of method handles that took a sixth of a heartbeat answered from memory.
     */
    @Override
    public int hashCode() {
        return 31 * (31 * (31 * scope.hashCode() + channel.hashCode()) + actorId.hashCode()) + sessionId.hashCode();
    }

    /** Compares the session id first, the part two keys of one channel differ in most often. */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof SessionKey key && sessionId.equals(key.sessionId)
                && actorId.equals(key.actorId) && channel.equals(key.channel) && scope.equals(key.scope);
    }

    /** Orders by scope, channel, actor, then session. */
    @Override
    public int compareTo(SessionKey other) {
        return ORDER.compare(this, other);
    }

    private static void requireNonEmpty(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
