package dev.syncpack.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Figure 1 through JMH's Java API: {@link HeartbeatThroughput} with {@code path=map} (the baseline),
 * then rounds of {@code path=engine} (renewals coalesced), {@code path=engine-writes} (every renewal
 * written) and the baseline again, each in a forked JVM with one thread per core and no profiler,
 * as users run it; each path's rate is the mean of its forks' costs per op.
 * Quick: one round, 2 × 4 s warm-up (the engine's deep call chains need it to be compiled) and
 * 2 × 3 s measurement per fork; full: two rounds, 3 × 10 s and 3 × 10 s, since one fork's JIT
 * decisions and memory layout can move the engine's rate by more than its iterations vary (JMH
 * runs five forks by default for that reason). Then one short fork per engine path under JFR, for
 * the profile only.
 *
 * <p>Why the profile has forks of its own: an engine fork recorded by JFR with
 * {@code -XX:+DebugNonSafepoints} now and then ran at 20 000 to 80 000 heartbeats/s from start to
 * end instead of several hundred thousand, with the C2 compiler thread busy on a third of a core
 * throughout: 3 of 22 profiled forks in one day, at 2 ms and at 20 ms sampling, and none of 12
 * unprofiled ones. Later one unprofiled fork did the same (34 000 to 37 000 heartbeats/s), so the
 * profiler is not the cause either. A likely cause, found later: the threads then shared one round
 * of sessions, and once they met they heartbeat the same sessions by turns, each waiting for the
 * other's key lock (JFR counted 270 000 parks there in one fork); now each thread owns its own
 * sessions. Measured forks stay unprofiled, as users run the engine.
 */
final class HeartbeatFigure implements FigureBenchmark {

    static final double GOAL_PER_SECOND = 500_000;
    private static final Duration PROFILE_SAMPLE_PERIOD = Duration.ofMillis(10);
    private static final Iterations PROFILED = new Iterations(1, 4, 1, 3);
    static final double GOAL_COST_RATIO = 5;
    private static final String COST = "a written heartbeat runs the whole mutation pipeline — "
            + "argument validation, authorization, the key's lock, the store's atomic compute with the pure rule, the "
            + "row built and checked against the table schema, a commit through the engine's one commit lock and its "
            + "change log, and the node's own entry for the session (its expiry watch and its connection) — where the "
            + "baseline updates one map entry; a coalesced one still validates, authorizes, locks, finds the node's "
            + "entry (whose memory of the session answers it instead of the store) and builds the answer row. With "
            + "100 000 sessions each of those lookups is a few cache misses: the node's entry and, when written, the "
            + "session in the store are most of what is left. The ratio moves with the machine's load: on "
            + "2026-12-03, eleven short runs of the code at 2363ffb (one fork, three measured iterations of 3 s "
            + "per path) measured 4.2× to 6.1×, and the day's full run at 0177508, before a small change to "
            + "connections' sessions, 7.34×; the baseline's rate moved most, from 4.1 to 9.1 M computes/s. Later that "
            + "day the keys' hashing was written out (a record's generated hashCode had taken a sixth of a coalesced "
            + "heartbeat), a schema check stopped allocating, and a heartbeat came to work on the key instance its "
            + "session was stored with; with those, a full run at 13:55Z measured 4.59× and two runs of this "
            + "figure alone right after it 5.45× and 5.43×, each against a baseline of 5.3 to 5.5 M computes/s. "
            + "Then a change to one key took a path of its own that allocates less (written heartbeats 926 → 870 "
            + "bytes each): a full run at 15:40Z measured 4.66× and two runs of this figure alone after it 4.56× and "
            + "5.20×, against baselines of 5.5 to 6.0 M computes/s. From 17:30Z each path ran in two "
            + "alternating forks, the baseline around them in three: two runs of this figure alone measured 4.63× "
            + "and 4.43× and a full run 4.82×, against baselines of 4.1 to 4.9 M computes/s, the baseline's own "
            + "forks differing by up to 34% within one run.";

    @Override
    public Outcome run(Settings settings) throws RunnerException, java.io.IOException {
        Path coalescedJfr = settings.logDirectory().resolve("figure-1-engine.jfr");
        Path writtenJfr = settings.logDirectory().resolve("figure-1-engine-writes.jfr");
        Iterations measured = settings.quick() ? new Iterations(2, 4, 2, 3) : new Iterations(3, 10, 3, 10);
        int rounds = settings.quick() ? 1 : 2;
        List<Double> baselines = new ArrayList<>(List.of(throughput("map", measured, List.of())));
        List<Double> coalescedForks = new ArrayList<>();
        List<Double> writtenForks = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            coalescedForks.add(throughput("engine", measured, List.of()));
            writtenForks.add(throughput("engine-writes", measured, List.of()));
            baselines.add(throughput("map", measured, List.of()));
        }
        double baseline = perOpMean(baselines);
        double coalesced = perOpMean(coalescedForks);
        double written = perOpMean(writtenForks);
        throughput("engine", PROFILED, Profile.recordingJvmOptions(coalescedJfr, PROFILE_SAMPLE_PERIOD));
        throughput("engine-writes", PROFILED, Profile.recordingJvmOptions(writtenJfr, PROFILE_SAMPLE_PERIOD));
        double mixed = perOpMean(List.of(coalesced, written));
        double costRatio = baseline / mixed;
        boolean met = mixed >= GOAL_PER_SECOND && costRatio <= GOAL_COST_RATIO;
        String note = "Workload: " + HeartbeatThroughput.SESSIONS + " live sessions in " + HeartbeatThroughput.CHANNELS
                + " channels, " + HeartbeatThroughput.ACTORS + " actors, no subscribers; "
                + Runtime.getRuntime().availableProcessors() + " JMH threads (one per core) each heartbeat "
                + "their own share of them round-robin, as a session belongs to one connection, through "
                + "`engine.runMutation(\"presence:heartbeat\", {channel}, ctx)`. Baseline: "
                + "`ConcurrentHashMap.compute` of the same 100 000 keys to a new row with the new times. Each path "
                + "runs in " + rounds + " JVM fork" + (rounds == 1 ? "" : "s") + ", and the baseline before the "
                + "engine's paths and after each round of them (" + rates(baselines, "computes/s") + "), so the "
                + "machine's drift weighs on both sides alike" + (rounds == 1 ? "" : " and no single fork's luck "
                + "with the JIT decides the figure") + "; each path's rate is the mean of its forks' costs per op."
                + "\n\n"
                + "A renewal is coalesced (answered with the stored session from the node's memory of it, the store "
                + "not asked, nothing written or published) while the "
                + "session has half its TTL left, so the rate depends on the mix; the figure is the mix browser clients "
                + "produce, one heartbeat every TTL / 3, of which every second one writes: the harmonic mean of "
                + Format.rate(coalesced, "coalesced heartbeats/s") + " (pack defaults; forks: "
                + rates(coalescedForks, "heartbeats/s") + ") and " + Format.rate(written, "written heartbeats/s")
                + " (`coalesceRenewals(false)`: every renewal written and published; forks: "
                + rates(writtenForks, "heartbeats/s") + "), each measured alone. A heartbeat of that mix costs " + Format.times(costRatio)
                + " the baseline's.\n\n"
                + "Where the time goes (JFR, one short fork per path in this run, apart from the measured ones): "
                + "coalesced, " + Profile.summary(coalescedJfr,
                        "HeartbeatThroughput.heartbeat", 8)
                + "; written, " + Profile.summary(writtenJfr, "HeartbeatThroughput.heartbeat", 8)
                + ".\n\n" + (met ? "Why the margin is thin: " : "Why the goal is missed: ") + COST;
        return Outcome.of(Figures.HEARTBEATS.result(met, Format.rate(mixed, "heartbeats/s") + " (half coalesced)",
                Format.rate(baseline, "computes/s"), Format.times(costRatio) + " the baseline's cost per op", note));
    }

    /** @return the rate at the mean of the rates' costs per op: their harmonic mean */
    private static double perOpMean(List<Double> rates) {
        return rates.size() / rates.stream().mapToDouble(rate -> 1 / rate).sum();
    }

    private static String rates(List<Double> rates, String unit) {
        return String.join(", ", rates.stream().map(rate -> Format.rate(rate, unit)).toList());
    }

    /** JMH iterations: how many and how long, for warm-up and measurement. */
    private record Iterations(int warmUps, int warmUpSeconds, int measurements, int measurementSeconds) {
    }

    private static double throughput(String path, Iterations iterations, List<String> extraJvmOptions)
            throws RunnerException {
        List<String> jvm = new ArrayList<>(List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC",
                "--sun-misc-unsafe-memory-access=allow"));
        jvm.addAll(extraJvmOptions);
        Options options = new OptionsBuilder()
                .include(HeartbeatThroughput.class.getName() + ".heartbeat")
                .param("path", path)
                .forks(1)
                .warmupIterations(iterations.warmUps())
                .warmupTime(TimeValue.seconds(iterations.warmUpSeconds()))
                .measurementIterations(iterations.measurements())
                .measurementTime(TimeValue.seconds(iterations.measurementSeconds()))
                .jvmArgs(jvm.toArray(String[]::new))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        return results.iterator().next().getPrimaryResult().getScore();
    }
}
