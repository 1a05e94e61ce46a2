package dev.syncpack.presence.reliability;

import dev.syncpack.presence.PresenceRows;
import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.error.ErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.IntStream;

/** Runs one schedule from its seed and says whether, and where, it diverged. */
final class ScheduleRunner {

    /** Ops between two quiet checks (per thread in a concurrent schedule). */
    private static final int QUIET_EVERY = 100;
    private static final int TRACE_TAIL = 12;

    /**
     * @param concurrent whether the schedule ran on several threads
     * @param operations ops executed
     * @param divergence what went wrong, with the seed, if anything
     */
    record Result(boolean concurrent, long operations, Optional<String> divergence) {
    }

    private final String label;
    private final String replay;
    private final Function<InstantSource, PresenceStore> stores;
    private final ModelTime time;
    private final PresencePolicy policy;
    private final int operations;
    private final int lanes;
    private final boolean verbose;

    ScheduleRunner(String label, String replay, Function<InstantSource, PresenceStore> stores, ModelTime time,
                   PresencePolicy policy, int operations, int lanes, boolean verbose) {
        this.label = label;
        this.replay = replay;
        this.stores = stores;
        this.time = time;
        this.policy = policy;
        this.operations = operations;
        this.lanes = lanes;
        this.verbose = verbose;
    }

    Result run(long seed, ExecutorService pool) {
        SplittableRandom random = new SplittableRandom(seed);
        Universe universe = Universe.forSeed(seed, policy);
        boolean concurrent = lanes > 1 && random.nextBoolean();
        try (ModelCheckNode node = new ModelCheckNode(universe, time.bind(stores))) {
            return concurrent ? concurrent(seed, random, universe, node, pool) : sequential(seed, random, universe, node);
        }
    }

    private Result sequential(long seed, SplittableRandom random, Universe universe, ModelCheckNode node) {
        PresenceModel model = node.exactTime() ? new PresenceModel(ModelPolicy.of(universe)) : null;
        List<Op> ops = new ScheduleGenerator(random, universe, range(universe.connections()),
                universe.resubscribers()).generate(operations);
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            List<String> problems = new ArrayList<>();
            try {
                problems.addAll(step(node, model, op));
                if ((i + 1) % QUIET_EVERY == 0 || i == ops.size() - 1) {
                    problems.addAll(QuietCheck.check(node, model));
                }
            } catch (RuntimeException escaped) {
                problems.add("an exception escaped: " + stackTrace(escaped));
            }
            if (!problems.isEmpty()) {
                return new Result(false, i + 1L, Optional.of(divergence(seed, "single-threaded", i, ops, problems)));
            }
        }
        return new Result(false, ops.size(), Optional.empty());
    }

    /** Runs one op, compares its answer with the model's, and keeps the model in step. */
    private List<String> step(ModelCheckNode node, PresenceModel model, Op op) {
        long now = node.nowMillis();
        int connection = connectionOf(op);
        PresenceModel.Caller caller = connection < 0 ? null : node.caller(connection);
        Expected expected = model == null ? null : switch (op) {
            case Op.Heartbeat heartbeat -> model.heartbeat(caller, heartbeat, now);
            case Op.Cursor cursor -> model.cursor(caller, cursor, now);
            case Op.Typing typing -> model.typing(caller, typing, now);
            case Op.Leave leave -> model.leave(caller, leave, now);
            case Op.Close close -> {
                model.close(caller.connectionId(), now);
                yield null;
            }
            case Op.Cleanup cleanup -> {
                model.dropExpired(now);
                yield null;
            }
            case Op.Advance advance -> null;
            case Op.Resubscribe resubscribe -> null;
        };
        Outcome outcome = node.run(op);
        if (verbose) {
            System.out.println("  at " + now + " " + op + " -> " + outcome);
        }
        List<String> problems = new ArrayList<>(ownership(caller, op, outcome));
        if (expected != null && !matches(expected, outcome)) {
            problems.add("the model expected " + expected + " but the node answered " + outcome);
        }
        return problems;
    }

    private Result concurrent(long seed, SplittableRandom random, Universe universe, ModelCheckNode node, ExecutorService pool) {
        int perLane = (operations + lanes - 1) / lanes;
        List<List<Op>> laneOps = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            int mine = lane;
            laneOps.add(new ScheduleGenerator(random.split(), universe,
                    range(universe.connections()).stream().filter(c -> c % lanes == mine).toList(),
                    universe.resubscribers().stream().filter(s -> s % lanes == mine).toList())
                    .generate(perLane));
        }
        long done = 0;
        for (int start = 0; start < perLane; start += QUIET_EVERY) {
            int from = start;
            int to = Math.min(perLane, start + QUIET_EVERY);
            List<Future<List<String>>> running = laneOps.stream()
                    .map(ops -> pool.submit(() -> runLane(node, ops.subList(from, to)))).toList();
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> lane : running) {
                problems.addAll(await(lane));
            }
            done += (long) (to - from) * lanes;
            if (problems.isEmpty()) {
                problems.addAll(QuietCheck.check(node, null));
            }
            if (!problems.isEmpty()) {
                return new Result(true, done, Optional.of(divergence(seed, lanes + " threads", -1, List.of(), problems)));
            }
        }
        return new Result(true, done, Optional.empty());
    }

    private static List<String> runLane(ModelCheckNode node, List<Op> ops) {
        List<String> problems = new ArrayList<>();
        for (Op op : ops) {
            int connection = connectionOf(op);
            PresenceModel.Caller caller = connection < 0 ? null : node.caller(connection);
            try {
                problems.addAll(ownership(caller, op, node.run(op)));
            } catch (RuntimeException escaped) {
                problems.add(op + ": an exception escaped: " + stackTrace(escaped));
            }
        }
        return problems;
    }

    private static List<String> await(Future<List<String>> lane) {
        try {
            return lane.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return List.of("a thread failed: " + stackTrace(e.getCause()));
        } catch (TimeoutException e) {
            lane.cancel(true);
            return List.of("a thread made no progress for 120 s (deadlock?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    /**
     * Holds whatever the model says: a mutation is never INTERNAL or UNAVAILABLE here, and a
     * session row it returns is the caller's own, in the caller's scope and the op's channel.
     */
    private static List<String> ownership(PresenceModel.Caller caller, Op op, Outcome outcome) {
        if (outcome instanceof Outcome.Refused refused
                && (refused.code() == ErrorCode.INTERNAL || refused.code() == ErrorCode.UNAVAILABLE)) {
            return List.of(op + ": refused with " + refused);
        }
        if (caller == null || !(outcome instanceof Outcome.Acked(Map<?, ?> row)) || !row.containsKey(PresenceRows.ID)) {
            return List.of();
        }
        String channel = switch (op) {
            case Op.Heartbeat heartbeat -> heartbeat.channel();
            case Op.Cursor cursor -> cursor.channel();
            case Op.Typing typing -> typing.channel();
            default -> null;
        };
        boolean own = caller.actorId().equals(row.get(PresenceRows.ACTOR_ID))
                && caller.scope().equals(row.get(PresenceRows.SCOPE))
                && Objects.equals(channel, row.get(PresenceRows.CHANNEL));
        return own ? List.of() : List.of(op + " by " + caller + " returned a row that is not its own: " + row);
    }

    private static boolean matches(Expected expected, Outcome outcome) {
        return switch (expected) {
            case Expected.Row(Map<String, Object> row) -> outcome instanceof Outcome.Acked(Object result)
                    && QuietCheck.normalize(row).equals(QuietCheck.normalize(result));
            case Expected.Left(Optional<Boolean> left) -> outcome instanceof Outcome.Acked(Map<?, ?> result)
                    && result.get("left") instanceof Boolean actual && left.map(actual::equals).orElse(true);
            case Expected.Refused(ErrorCode code) -> outcome instanceof Outcome.Refused refused
                    && refused.code() == code;
        };
    }

    private static int connectionOf(Op op) {
        return switch (op) {
            case Op.Heartbeat heartbeat -> heartbeat.connection();
            case Op.Cursor cursor -> cursor.connection();
            case Op.Typing typing -> typing.connection();
            case Op.Leave leave -> leave.connection();
            case Op.Close close -> close.connection();
            case Op.Advance advance -> -1;
            case Op.Cleanup cleanup -> -1;
            case Op.Resubscribe resubscribe -> -1;
        };
    }

    private String divergence(long seed, String mode, int index, List<Op> ops, List<String> problems) {
        StringBuilder text = new StringBuilder("seed " + seed + " (" + mode + ") diverged");
        if (index >= 0) {
            text.append(" at op ").append(index).append(", after:");
            ops.subList(Math.max(0, index - TRACE_TAIL), index + 1)
                    .forEach(op -> text.append("\n    ").append(op));
        }
        problems.stream().limit(5).forEach(problem -> text.append("\n  - ").append(problem));
        text.append("\n  replay: ./mvnw -B -ntp verify ").append(replay).append(" -D")
                .append(ModelCheck.SEED_PROPERTY).append('=').append(seed);
        return "model-check[" + label + "] " + text;
    }

    private static List<Integer> range(int size) {
        return IntStream.range(0, size).boxed().toList();
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
