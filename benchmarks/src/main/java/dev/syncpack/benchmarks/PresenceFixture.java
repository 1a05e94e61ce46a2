package dev.syncpack.benchmarks;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.presence.PresencePack;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncEngine;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A reference engine with one presence pack, as a host would set it up, plus the callers the
 * benchmarks drive: caller {@code i} is connection {@code conn-i} of actor {@code user-(i % actors)}.
 * The pack reads the actor from the context attribute {@code user} and has no tenants.
 */
final class PresenceFixture implements AutoCloseable {

    static final String HEARTBEAT = "presence:heartbeat";
    static final String LEAVE = "presence:leave";
    static final String COLLECTION = "presence";

    /** The sessions' TTL unless a figure sets one: long enough that no session expires while measured. */
    static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    final SyncEngine engine;

    private PresenceFixture(SyncEngine engine) {
        this.engine = engine;
    }

    /**
     * @param store the store the pack writes to
     * @param options more pack options, on top of the actor function, the store and a 10-minute TTL
     * @return a running engine with the pack registered
     */
    static PresenceFixture start(PresenceStore store, UnaryOperator<PresencePack.Builder> options) {
        return start(store, DEFAULT_TTL, options);
    }

    /**
     * @param store the store the pack writes to
     * @param heartbeatTtl the sessions' TTL
     * @param options more pack options, on top of the actor function, the store, the TTL, idle after
     *     twice the TTL and away after four times (so an active renewal may be coalesced)
     * @return a running engine with the pack registered
     */
    static PresenceFixture start(PresenceStore store, Duration heartbeatTtl, UnaryOperator<PresencePack.Builder> options) {
        return start(store, heartbeatTtl, Duration.ZERO, options);
    }

    /**
     * @param store the store the pack writes to
     * @param heartbeatTtl the sessions' TTL
     * @param diffInterval the engine's {@code diffInterval}: zero delivers each commit's diffs before
     *     it returns; positive merges each channel's changes into one diff per interval
     * @param options more pack options, as for {@link #start(PresenceStore, Duration, UnaryOperator)}
     * @return a running engine with the pack registered
     */
    static PresenceFixture start(PresenceStore store, Duration heartbeatTtl, Duration diffInterval,
                                 UnaryOperator<PresencePack.Builder> options) {
        SyncEngine engine = InProcessSyncEngine.builder().diffInterval(diffInterval).build();
        engine.registerPack(options.apply(PresencePack.builder()
                .actorId(ctx -> ctx.stringAttribute("user"))
                .store(store)
                .heartbeatTtl(heartbeatTtl)
                .idleAfter(heartbeatTtl.multipliedBy(2))
                .awayAfter(heartbeatTtl.multipliedBy(4))).build());
        return new PresenceFixture(engine);
    }

    /**
     * @param index the caller's number
     * @param actors how many distinct actors the callers are spread over
     * @return the context of caller {@code index}
     */
    static SyncContext caller(int index, int actors) {
        return SyncContext.of("conn-" + index, Map.of("user", "user-" + index % actors));
    }

    /**
     * @param index a channel number
     * @return its name
     */
    static String channel(int index) {
        return "channel-" + index;
    }

    @Override
    public void close() {
        engine.close();
    }
}
