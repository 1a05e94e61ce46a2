package dev.syncpack.presence.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What admitting a session to a channel is judged by, read from the store at one time: whether the
 * key already has a live session (then there is nothing to admit), and the counts the channel and
 * actor limits apply to.
 *
 * @param now the store's time the rest was judged at
 * @param current the session stored under the key, live or expired, or empty
 * @param channelSessions how many live sessions the key's channel has in the key's scope
 * @param actorChannels the channels in which the key's actor has a live session, in the key's scope
 */
public record Admission(Instant now, Optional<Session> current, int channelSessions, Set<String> actorChannels) {

    /**
     * Checks and copies the parts.
     *
     * @throws NullPointerException when a part is null
     * @throws IllegalArgumentException when {@code channelSessions} is negative
     */
    public Admission {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(current, "current");
        actorChannels = Set.copyOf(actorChannels);
        if (channelSessions < 0) {
            throw new IllegalArgumentException("channelSessions must not be negative, was " + channelSessions);
        }
    }

    /** @return whether the key's session is live, so it is renewed rather than admitted */
    public boolean alreadyLive() {
        return current.filter(session -> session.isLiveAt(now)).isPresent();
    }
}
