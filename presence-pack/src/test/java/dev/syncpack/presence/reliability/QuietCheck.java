package dev.syncpack.presence.reliability;

import dev.syncpack.presence.PresenceRows;
import dev.syncpack.presence.core.ChannelKey;
import dev.syncpack.presence.core.Session;
import dev.syncpack.presence.core.SessionKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks made once a schedule is quiet (no op in flight): let the node's timers run until no
 * stored session needs a change, then require that
 * <ul>
 *   <li>no stored session is expired (no ghost) or has a typing or activity change left undone;
 *   <li>every subscriber's mirror obeyed the diff contract and equals a fresh hydrate;
 *   <li>every row is in its subscriber's scope and channel, and its id is its key's id (one row
 *       per key);
 *   <li>when the model applies (a virtual clock and a single-threaded schedule), the live sessions
 *       and the channel counts equal the model's.
 * </ul>
 */
final class QuietCheck {

    /** How far a virtual clock moves per round while timers catch up (the pack re-checks a key after 100 ms). */
    private static final long STEP_MILLIS = 100;
    private static final int MAX_VIRTUAL_ROUNDS = 600;
    private static final Duration REAL_TIME_BUDGET = Duration.ofSeconds(10);

    private QuietCheck() {
    }

    /**
     * @param node the node, with no op in flight
     * @param model the model to compare with, or null
     * @return what is wrong; empty when all holds
     */
    static List<String> check(ModelCheckNode node, PresenceModel model) {
        return node.exactTime() ? checkVirtual(node, model) : checkRealTime(node);
    }

    private static List<String> checkVirtual(ModelCheckNode node, PresenceModel model) {
        for (int round = 0; round < MAX_VIRTUAL_ROUNDS; round++) {
            node.runDueTimers();
            if (unsettled(node, node.store().now()).isEmpty()) {
                break;
            }
            node.advance(STEP_MILLIS);
        }
        Instant now = node.store().now();
        List<String> problems = new ArrayList<>(unsettled(node, now));
        problems.addAll(subscribers(node));
        if (model != null && problems.isEmpty()) {
            model.dropExpired(now.toEpochMilli());
            problems.addAll(againstModel(node, model, now.toEpochMilli()));
        }
        return problems;
    }

    /** Time passes while checking, so a deadline can fall between two reads: retry until all holds or time is up. */
    private static List<String> checkRealTime(ModelCheckNode node) {
        Instant giveUp = Instant.now().plus(REAL_TIME_BUDGET);
        while (true) {
            node.runDueTimers();
            List<String> problems = new ArrayList<>(unsettled(node, node.store().now()));
            problems.addAll(subscribers(node));
            if (problems.isEmpty() || Instant.now().isAfter(giveUp)) {
                return problems;
            }
            node.advance(20);
        }
    }

    private static List<String> unsettled(ModelCheckNode node, Instant now) {
        List<String> problems = new ArrayList<>();
        for (Session session : node.storedSessions()) {
            if (!node.settled(session, now)) {
                problems.add("after every timer due by " + now.toEpochMilli() + " ran, the store still holds "
                        + (session.isLiveAt(now) ? "an unsettled" : "an expired") + " session " + session);
            }
        }
        return problems;
    }

    private static List<String> subscribers(ModelCheckNode node) {
        List<String> problems = new ArrayList<>();
        for (SubscriberMirror mirror : node.mirrors()) {
            Universe.Viewer viewer = mirror.viewer();
            mirror.problems().forEach(problem -> problems.add(viewer + ": " + problem));
            List<Map<String, Object>> hydrated = node.hydrate(viewer);
            Map<Object, Object> fresh = new HashMap<>();
            for (Map<String, Object> row : hydrated) {
                if (fresh.put(row.get(PresenceRows.ID), normalize(row)) != null) {
                    problems.add(viewer + ": two rows share the id " + row.get(PresenceRows.ID));
                }
                problems.addAll(rowProblems(viewer, row));
            }
            Map<Object, Object> held = new HashMap<>();
            mirror.rows().forEach((id, row) -> held.put(id, normalize(row)));
            if (!held.equals(fresh)) {
                problems.add(viewer + ": the mirror " + held + " differs from a fresh hydrate " + fresh);
            }
            if (!held.equals(fresh) || !mirror.problems().isEmpty()) {
                problems.add(viewer + ": its last events: " + mirror.recentEvents());
            }
        }
        return problems;
    }

    private static List<String> rowProblems(Universe.Viewer viewer, Map<String, Object> row) {
        List<String> problems = new ArrayList<>();
        if (!viewer.scope().equals(row.get(PresenceRows.SCOPE)) || !viewer.channel().equals(row.get(PresenceRows.CHANNEL))) {
            problems.add(viewer + ": a row of another scope or channel: " + row);
        }
        Object expectedId = viewer.collection().equals("presence")
                ? new SessionKey(viewer.scope(), viewer.channel(), (String) row.get(PresenceRows.ACTOR_ID),
                        (String) row.get(PresenceRows.SESSION_ID)).rowId()
                : new ChannelKey(viewer.scope(), viewer.channel()).rowId();
        if (!expectedId.equals(row.get(PresenceRows.ID))) {
            problems.add(viewer + ": row id " + row.get(PresenceRows.ID) + " is not its key's id " + expectedId);
        }
        return problems;
    }

    private static List<String> againstModel(ModelCheckNode node, PresenceModel model, long now) {
        List<String> problems = new ArrayList<>();
        for (SubscriberMirror mirror : node.mirrors()) {
            Universe.Viewer viewer = mirror.viewer();
            Map<Object, Map<String, Object>> expected = model.liveRows(viewer.scope(), viewer.channel(), now);
            Map<Object, Object> want = new HashMap<>();
            if (viewer.collection().equals("presence")) {
                expected.forEach((id, row) -> want.put(id, normalize(row)));
            } else {
                Map<String, Object> stats = statsRow(viewer, expected.values());
                want.put(stats.get(PresenceRows.ID), normalize(stats));
            }
            Map<Object, Object> got = new HashMap<>();
            mirror.rows().forEach((id, row) -> got.put(id, normalize(row)));
            if (!got.equals(want)) {
                problems.add(viewer + " at " + now + ": the node holds " + got + " but the model says " + want);
            }
        }
        return problems;
    }

    private static Map<String, Object> statsRow(Universe.Viewer viewer, Iterable<Map<String, Object>> live) {
        int sessions = 0;
        Set<Object> actors = new HashSet<>();
        for (Map<String, Object> row : live) {
            sessions++;
            actors.add(row.get(PresenceRows.ACTOR_ID));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(PresenceRows.ID, new ChannelKey(viewer.scope(), viewer.channel()).rowId());
        row.put(PresenceRows.SCOPE, viewer.scope());
        row.put(PresenceRows.CHANNEL, viewer.channel());
        row.put(PresenceRows.SESSIONS, sessions);
        row.put(PresenceRows.ACTORS, actors.size());
        return row;
    }

    /** A JSON value with numbers as plain decimals and objects as maps, so equal JSON compares equal whatever the store's number types. */
    static Object normalize(Object value) {
        return switch (value) {
            case null -> null;
            case Number number -> new BigDecimal(number.toString()).stripTrailingZeros();
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new HashMap<>();
                map.forEach((key, item) -> copy.put(key, normalize(item)));
                yield copy;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>();
                list.forEach(item -> copy.add(normalize(item)));
                yield copy;
            }
            default -> value;
        };
    }
}
