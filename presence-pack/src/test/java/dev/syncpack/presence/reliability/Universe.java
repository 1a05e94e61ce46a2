package dev.syncpack.presence.reliability;

import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.spi.SyncContext;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The names one schedule plays with: two scopes, three channels whose names would collide if keys
 * were joined naively ({@code a:b}+{@code c} and {@code a}+{@code b:c}), a channel
 * {@code canAccessChannel} denies, three actors, two named sessions per actor, and two devices
 * (connections) per actor and scope. Scopes carry the schedule's seed, so schedules sharing one
 * database never see each other.
 *
 * @param scopes the tenants
 * @param channels the channels subscribers watch
 * @param actors the actors
 * @param sessions the named session ids (besides each connection's default)
 * @param policy the times and limits of the pack under test
 * @param maxChannelLength the pack's channel length limit
 */
record Universe(List<String> scopes, List<String> channels, List<String> actors, List<String> sessions,
                PresencePolicy policy, int maxChannelLength) {

    /** The channel {@code canAccessChannel} denies to everyone. */
    static final String DENIED_CHANNEL = "secret";
    /** Connections per actor and scope. */
    static final int DEVICES = 2;
    /** The two collections every subscriber pair watches. */
    static final List<String> COLLECTIONS = List.of("presence", "presence_stats");

    /**
     * A subscriber: one viewer of one collection of one channel in one scope. A keeper never
     * resubscribes, so the partition's view stays live and resuming viewers get catch-up diffs.
     */
    record Viewer(String collection, String scope, String channel, boolean keeper) {

        Map<String, Object> params() {
            return Map.of("channel", channel);
        }

        SyncContext context() {
            return SyncContext.of((keeper ? "keeper:" : "viewer:") + collection + ":" + scope + ":" + channel,
                    Map.of("userId", "viewer", "workspaceId", scope));
        }
    }

    static Universe forSeed(long seed, PresencePolicy policy) {
        String tag = "s" + Long.toUnsignedString(seed, 36);
        return new Universe(List.of(tag + "-A", tag + "-B"), List.of("a", "a:b", "a%3Ab"),
                List.of("c", "b:c", "b%3Ac"), List.of("t1", "t2"), policy, 16);
    }

    int connections() {
        return actors.size() * scopes.size() * DEVICES;
    }

    String actorOf(int connection) {
        return actors.get(connection % actors.size());
    }

    String scopeOf(int connection) {
        return scopes.get(connection / actors.size() % scopes.size());
    }

    /** @return a resuming viewer of each collection, channel and scope, and a keeper of each presence channel */
    List<Viewer> viewers() {
        return Stream.concat(
                COLLECTIONS.stream().flatMap(collection -> scopes.stream().flatMap(scope -> channels.stream()
                        .map(channel -> new Viewer(collection, scope, channel, false)))),
                scopes.stream().flatMap(scope -> channels.stream()
                        .map(channel -> new Viewer(COLLECTIONS.getFirst(), scope, channel, true)))).toList();
    }

    /** @return the indexes in {@link #viewers()} of the viewers that may resubscribe */
    List<Integer> resubscribers() {
        List<Viewer> viewers = viewers();
        return IntStream.range(0, viewers.size()).filter(i -> !viewers.get(i).keeper()).boxed().toList();
    }
}
