package dev.syncpack.presence.reliability;

import dev.syncpack.presence.core.PresencePolicy;

/** The pack's times in epoch-ms arithmetic and its limits, as the sequential model applies them. */
record ModelPolicy(long ttl, long typingTtl, long grace, long idleAfter, long awayAfter, int maxStateBytes,
                   int maxSessionsPerChannel, int maxChannelsPerActor, int maxChannelLength,
                   boolean coalesceRenewals) {

    static ModelPolicy of(Universe universe) {
        PresencePolicy policy = universe.policy();
        return new ModelPolicy(policy.heartbeatTtl().toMillis(), policy.typingTtl().toMillis(),
                policy.reconnectGrace().toMillis(), policy.idleAfter().toMillis(), policy.awayAfter().toMillis(),
                policy.maxStateBytes(), policy.maxSessionsPerChannel(), policy.maxChannelsPerActor(),
                universe.maxChannelLength(), policy.coalesceRenewals());
    }
}
