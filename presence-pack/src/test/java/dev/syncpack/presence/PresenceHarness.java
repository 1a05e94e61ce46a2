package dev.syncpack.presence;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.SyncException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A reference engine with one presence pack on a fake clock and a manual timer: tests move time
 * with {@link #at} (timers do not run) or {@link #advanceTo} (due timers run), and watch what
 * clients receive through {@link Mirror}s.
 */
final class PresenceHarness implements AutoCloseable {

    final FakeClock clock = new FakeClock();
    final ManualTimer timer = new ManualTimer();
    final PresenceStore store;
    final InProcessSyncEngine engine = InProcessSyncEngine.builder().clock(clock).build();
    private final String prefix;

    private PresenceHarness(String prefix, Function<FakeClock, PresenceStore> store,
                            UnaryOperator<PresencePack.Builder> options) {
        this.prefix = prefix;
        this.store = store.apply(clock);
        engine.registerPack(options.apply(standard(prefix, clock, this.store, timer)).build());
    }

    /** @return a harness with the default options */
    static PresenceHarness create() {
        return create(builder -> builder);
    }

    /** @return a harness whose pack has the standard options plus {@code options} */
    static PresenceHarness create(UnaryOperator<PresencePack.Builder> options) {
        return new PresenceHarness("", InMemoryPresenceStore::new, options);
    }

    /** @return a harness whose pack uses the store {@code store} makes from the fake clock */
    static PresenceHarness create(Function<FakeClock, PresenceStore> store, UnaryOperator<PresencePack.Builder> options) {
        return new PresenceHarness("", store, options);
    }

    /** The options every test pack starts from: actor and scope from context attributes, fake time. */
    static PresencePack.Builder standard(String prefix, FakeClock clock, PresenceStore store,
                                        ManualTimer timer) {
        return PresencePack.builder()
                .prefix(prefix)
                .actorId(ctx -> ctx.stringAttribute("userId"))
                .scope(ctx -> ctx.stringAttribute("workspaceId"))
                .clock(clock)
                .store(store)
                .timers(() -> timer);
    }

    /**
     * @param connectionId the connection
     * @param userId the actor, or null for a caller without one
     * @param workspaceId the scope, or null for none
     */
    static SyncContext user(String connectionId, String userId, String workspaceId) {
        Map<String, Object> attributes = new HashMap<>();
        if (userId != null) {
            attributes.put("userId", userId);
        }
        if (workspaceId != null) {
            attributes.put("workspaceId", workspaceId);
        }
        return SyncContext.of(connectionId, attributes);
    }

    /** @return {@code key, value, key, value...} as an argument map */
    static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    String name(String suffix) {
        return prefix + "presence" + suffix;
    }

    /** Runs {@code presence:<mutation>} with the given argument pairs. */
    Object mutate(String mutation, SyncContext ctx, Object... argPairs) {
        return engine.runMutation(name(":" + mutation), args(argPairs), ctx);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> heartbeat(SyncContext ctx, String channel, Object... moreArgPairs) {
        Map<String, Object> args = args(moreArgPairs);
        args.put("channel", channel);
        return (Map<String, Object>) engine.runMutation(name(":heartbeat"), args, ctx);
    }

    /** Runs the mutation and returns the error it must fail with. */
    SyncException rejection(String mutation, SyncContext ctx, Object... argPairs) {
        return catchThrowableOfType(SyncException.class, () -> mutate(mutation, ctx, argPairs));
    }

    Mirror subscribe(SyncContext ctx, String channel) {
        return subscribeTo(name(""), ctx, channel);
    }

    Mirror subscribeStats(SyncContext ctx, String channel) {
        return subscribeTo(name("_stats"), ctx, channel);
    }

    private Mirror subscribeTo(String collection, SyncContext ctx, String channel) {
        Mirror mirror = new Mirror();
        engine.subscribe(collection, Map.of("channel", channel), ctx, OptionalLong.empty(), mirror);
        return mirror;
    }

    /** Sets the clock; timers do not run, as if the node were busy. */
    void at(long epochMillis) {
        clock.setMillis(epochMillis);
    }

    /** Sets the clock and runs every timer due by then. */
    void advanceTo(long epochMillis) {
        clock.setMillis(epochMillis);
        timer.runDue(clock.instant());
    }

    void cleanup() {
        engine.runSchedule(name(":cleanup"));
    }

    @Override
    public void close() {
        engine.close();
    }
}
