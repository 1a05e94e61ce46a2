package dev.syncpack.presence;

import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A validated presence pack configuration, as {@link PresencePack.Builder} produces it.
 *
 * @param names the prefixed names
 * @param policy the times and limits the rules apply
 * @param maxChannelLength the longest accepted channel name
 * @param actorId reads the caller's actor id from its context
 * @param scope reads the caller's tenant from its context
 * @param canAccessChannel decides whether a caller may see and write presence in a channel
 * @param store where sessions live
 * @param cleanupCron the Quartz cron of the cleanup sweep
 * @param clock the pack's clock, for timer delays
 * @param timers makes the timer a registration uses to push expiry
 */
record PresenceConfig(PresenceNames names, PresencePolicy policy, int maxChannelLength,
                      Function<SyncContext, Optional<String>> actorId,
                      Function<SyncContext, Optional<String>> scope,
                      BiPredicate<String, SyncContext> canAccessChannel, PresenceStore store, String cleanupCron,
                      InstantSource clock, Supplier<PresenceTimer> timers) {
}
