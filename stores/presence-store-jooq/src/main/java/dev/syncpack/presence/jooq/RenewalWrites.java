package dev.syncpack.presence.jooq;

import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The write-economy rule of {@link JooqPresenceStore}: a <em>pure renewal</em> — an upsert that
 * changes nothing but {@code heartbeatAt}, {@code activeAt} and a later {@code expiresAt} — is not
 * written while the stored session still has at least half of its TTL left; the store keeps the
 * stored session instead. The TTL is read off the renewal itself ({@code expiresAt - heartbeatAt}).
 *
 * <p>Why it never lets a live session expire: every heartbeat either writes {@code now + TTL} or
 * finds at least {@code TTL / 2} left, so a client that heartbeats more often than every
 * {@code TTL / 2} (the browser client does every {@code TTL / 3}) always finds its session live.
 */
final class RenewalWrites {

    private final boolean enabled;

    RenewalWrites(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @param stored the stored session the rule saw
     * @param proposed what the rule decided
     * @param now the database time the rule saw
     * @return true when {@code proposed} is a pure renewal that may be skipped
     */
    boolean mayKeep(Optional<Session> stored, Transition proposed, Instant now) {
        if (!enabled || stored.isEmpty() || !(proposed instanceof Transition.Upsert upsert)) {
            return false;
        }
        Session before = stored.get();
        Session after = upsert.after();
        Duration ttl = Duration.between(after.heartbeatAt(), after.expiresAt());
        Duration left = Duration.between(now, before.expiresAt());
        return ttl.isPositive()
                && left.compareTo(ttl.dividedBy(2)) >= 0
                && onlyTimesMovedOn(before, after);
    }

    private static boolean onlyTimesMovedOn(Session before, Session after) {
        return before.key().equals(after.key())
                && before.activity() == after.activity()
                && before.joinedAt().equals(after.joinedAt())
                && !after.heartbeatAt().isBefore(before.heartbeatAt())
                && !after.activeAt().isBefore(before.activeAt())
                && !after.expiresAt().isBefore(before.expiresAt())
                && before.state().equals(SessionRecords.normalized(after.state()));
    }
}
