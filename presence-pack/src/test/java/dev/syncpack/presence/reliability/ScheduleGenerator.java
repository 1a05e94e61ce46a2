package dev.syncpack.presence.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws the ops of one lane of a schedule from a seeded random generator: mostly valid heartbeats,
 * cursors, typing and leaves on the lane's connections, with closes, time steps (with and without
 * running timers), cleanup runs and resubscriptions, and about one op in twenty carrying a hostile
 * argument (a denied or over-long channel, an oversized or server-owned state, {@code "*"} where it
 * is not allowed, a non-boolean typing). The same seed always gives the same ops.
 */
final class ScheduleGenerator {

    private final RandomGenerator random;
    private final Universe universe;
    private final List<Integer> connections;
    private final List<Integer> subscribers;
    private final long ttlMillis;

    /**
     * @param random the lane's random source
     * @param universe the names
     * @param connections the connections this lane acts as
     * @param subscribers the subscribers this lane may resubscribe
     */
    ScheduleGenerator(RandomGenerator random, Universe universe, List<Integer> connections, List<Integer> subscribers) {
        this.random = random;
        this.universe = universe;
        this.connections = connections;
        this.subscribers = subscribers;
        this.ttlMillis = universe.policy().heartbeatTtl().toMillis();
    }

    List<Op> generate(int count) {
        List<Op> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ops.add(next());
        }
        return ops;
    }

    private Op next() {
        int roll = random.nextInt(100);
        int connection = connections.get(random.nextInt(connections.size()));
        boolean hostile = random.nextInt(20) == 0;
        if (roll < 36) {
            return heartbeat(connection, hostile);
        }
        if (roll < 50) {
            return new Op.Cursor(connection, channel(hostile && random.nextBoolean()), session(hostile),
                    hostile ? "x".repeat(universe.policy().maxStateBytes()) : cursor());
        }
        if (roll < 62) {
            return new Op.Typing(connection, channel(hostile && random.nextBoolean()), session(false),
                    hostile ? pick("yes", 1, List.of(true)) : random.nextInt(3) > 0);
        }
        if (roll < 72) {
            String session = random.nextInt(5) == 0 ? "*" : session(false);
            return new Op.Leave(connection, channel(hostile), session);
        }
        if (roll < 75) {
            return new Op.Close(connection);
        }
        if (roll < 91) {
            return new Op.Advance(step(), random.nextInt(4) > 0);
        }
        if (roll < 94 || subscribers.isEmpty()) {
            return new Op.Cleanup();
        }
        return new Op.Resubscribe(subscribers.get(random.nextInt(subscribers.size())), random.nextBoolean());
    }

    private Op heartbeat(int connection, boolean hostile) {
        int fault = hostile ? random.nextInt(5) : -1;
        Map<String, Object> patch = random.nextInt(5) < 3 ? patch() : null;
        if (fault == 2) {
            patch = Map.of("bio", "x".repeat(universe.policy().maxStateBytes()));
        } else if (fault == 3) {
            patch = random.nextBoolean() ? Map.of("typingExpiresAt", 1) : Map.of("typing", "yes");
        }
        String session = fault == 4 ? "*" : session(false);
        return new Op.Heartbeat(connection, channel(fault == 0 || fault == 1), session, patch,
                random.nextInt(10) == 0, random.nextInt(6) > 0);
    }

    /** A channel; a hostile one is the denied channel or one over the length limit. */
    private String channel(boolean hostile) {
        if (hostile) {
            return random.nextBoolean() ? Universe.DENIED_CHANNEL : "c".repeat(universe.maxChannelLength() + 1);
        }
        return universe.channels().get(random.nextInt(universe.channels().size()));
    }

    /** A named session, or null for the connection's default; a hostile one is {@code "*"}. */
    private String session(boolean hostile) {
        if (hostile) {
            return "*";
        }
        int pick = random.nextInt(universe.sessions().size() + 1);
        return pick == universe.sessions().size() ? null : universe.sessions().get(pick);
    }

    private Map<String, Object> patch() {
        Map<String, Object> patch = new HashMap<>();
        int members = 1 + random.nextInt(3);
        for (int i = 0; i < members; i++) {
            switch (random.nextInt(6)) {
                case 0 -> patch.put("name", pick("Ada", 2, List.of("Bea", "Cy")));
                case 1 -> patch.put("status", pick(null, 2, List.of("here", "busy")));
                case 2 -> patch.put("n", (long) random.nextInt(1000));
                case 3 -> patch.put("typing", pick(null, 1, List.of(true, false)));
                case 4 -> patch.put("pos", nested());
                default -> patch.put("color", pick(null, 1, List.of("red", "blue")));
            }
        }
        return patch;
    }

    private Map<String, Object> nested() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("x", (long) random.nextInt(100));
        nested.put("y", random.nextInt(4) == 0 ? null : (long) random.nextInt(100));
        return nested;
    }

    private Object cursor() {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> (long) random.nextInt(500);
            default -> Map.of("x", (long) random.nextInt(500), "y", (long) random.nextInt(500));
        };
    }

    /** {@code rare} with odds 1 in {@code 1 + oddsAgainst}, otherwise one of {@code common}. */
    private Object pick(Object rare, int oddsAgainst, List<?> common) {
        int roll = random.nextInt(1 + oddsAgainst);
        return roll == 0 ? rare : common.get(random.nextInt(common.size()));
    }

    /** A time step: mostly a fraction of a second, sometimes a good part of the TTL, rarely past it. */
    private long step() {
        int roll = random.nextInt(20);
        if (roll < 14) {
            return 1 + random.nextInt((int) Math.max(1, ttlMillis / 20));
        }
        if (roll < 19) {
            return ttlMillis / 20 + random.nextInt((int) Math.max(1, ttlMillis / 2));
        }
        return ttlMillis + random.nextInt((int) Math.max(1, ttlMillis / 2));
    }
}
