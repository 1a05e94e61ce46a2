package dev.syncpack.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Figure 3: {@link PostgresHeartbeats}; quick: 5 s warm-up and 5 s measured per side (the naive
 * side twice), full: 30 s and 30 s. Quick runs are rougher: much of their time goes to compiling.
 * After a 10 s warm-up the engine's JVM still compiled during the first third of the measured 30 s
 * (1.8 s of compile time in its first 10 s, by JFR's compiler statistics), so the full warm-up is
 * 30 s; the note gives the compile time per second of each measured stretch. The engine's JFR
 * profile is taken after its measured time (quick: 3 s, full: 10 s), so that both sides are
 * measured alike.
 * Run alone: {@code benchmarks/run --only 3}.
 */
final class PostgresHeartbeatFigure implements FigureBenchmark {

    static final double GOAL_RATIO = 10;

    private static final String MET = "Why it is met: ";

    private static final String MISSED = "Why it is missed: ";

    /** Where both sides' time goes: the cores busy as measured in this run, and what profiles showed. */
    private static String whereTheTimeGoes(PostgresHeartbeats.Result result) {
        PostgresHeartbeats.EngineRun engine = result.engine();
        return "the naive side pays a statement, a round trip and a commit (a flush of PostgreSQL's log) for every "
                + "heartbeat: while it ran (before the engine's side), " + result.naiveBefore().cpu().describe()
                + " were busy. On the engine's side, a pure renewal of a session this node heartbeated before is "
                + "answered from the node's memory of the session, with no store call: only "
                + Format.percent(engine.computes() / (double) Math.max(1, engine.heartbeats()))
                + " of the measured heartbeats reached the store: the written ones (every "
                + PostgresHeartbeats.PATCH_EVERY + "th, and renewals once half the TTL is gone) and renewals close to "
                + "being due, which the node leaves to the store because its estimate of the store's clock may run "
                + "ahead by as long as a store call takes; after each, the node remembers what the store decided. "
                + "The store "
                + "carries out up to 512 concurrent computes as one read of all their keys plus, for those that "
                + "write, one transaction of one statement per kind of write, so the commits are shared. While the "
                + "engine's side ran, " + engine.cpu().describe() + " were busy: the bound is CPU, shared by the "
                + "mutation pipeline around each heartbeat (validation, the key's lock, the rule, publishing, the "
                + "expiry watch), the batches' encoding and decoding in the driver, and PostgreSQL. This workload "
                + "heartbeats back to back, about " + Math.round(engine.rate() / PostgresHeartbeats.SESSIONS)
                + " times a second per session, so most heartbeats are pure renewals; a client beating every TTL / 3, "
                + "as the browser client does, sends every second heartbeat to the store to be written and has the "
                + "other answered from memory. Before renewals were answered from memory, each cost its share of a "
                + "batched read, and this figure measured 7.3 to 13 times the naive rate from run to run (2026-12-02 "
                + "and 2026-12-03); on 2026-12-03, within a quarter of an hour on one machine, that build measured "
                + "51 507 heartbeats/s against 5 087 naive upserts/s (10.1 times) and this design 148 000 against "
                + "5 361 (28 times). Each table is analyzed once populated because PostgreSQL otherwise keeps the "
                + "plans it made while the table was nearly empty, which join every batch against a sequential scan "
                + "of the whole table (seen with auto_explain); a deployment's autovacuum analyzes the table within "
                + "a minute of such growth.";
    }

    @Override
    public Outcome run(Settings settings) throws Exception {
        Path profile = settings.logDirectory().resolve("figure-3-postgres-heartbeats.jfr");
        Duration warmUp = settings.duration(Duration.ofSeconds(5), Duration.ofSeconds(30));
        Duration measured = settings.duration(Duration.ofSeconds(5), Duration.ofSeconds(30));
        Duration profiled = settings.duration(Duration.ofSeconds(3), Duration.ofSeconds(10));
        PostgresHeartbeats.Result result = PostgresHeartbeats.measure(settings.jdbcUrl(), warmUp, measured, profiled,
                profile);
        PostgresHeartbeats.EngineRun engine = result.engine();
        double ratio = engine.rate() / result.naiveRate();
        boolean noEarlyExpiry = engine.removals() == 0 && engine.tightestMillis() > 0
                && engine.live() == PostgresHeartbeats.SESSIONS;
        boolean met = ratio >= GOAL_RATIO && noEarlyExpiry;
        String note = "Workload: " + PostgresHeartbeats.SESSIONS + " live sessions in " + PostgresHeartbeats.CHANNELS
                + " channels, each heartbeating on a virtual thread of its own (the next heartbeat as soon as the last "
                + "is answered), through `presence:heartbeat` and `JooqPresenceStore` with the pack's defaults (coalesced "
                + "renewals: a pure renewal with at least half its TTL left is not written, and is answered from the "
                + "node's memory of the session when it has one; group commit: concurrent computes share one read of "
                + "all their keys and, for those that write, one transaction; the store sits behind a reflective proxy "
                + "that counts its computes) on a pool of "
                + PostgresHeartbeats.POOL + " connections; TTL " + PostgresHeartbeats.TTL.toSeconds() + " s; each side "
                + "is measured for " + measured.toSeconds() + " s after a warm-up of " + warmUp.toSeconds()
                + " s. Every " + PostgresHeartbeats.PATCH_EVERY
                + "th heartbeat of a session patches its state, so it is written: " + engine.writes() + " of the "
                + engine.heartbeats() + " measured heartbeats wrote their row ("
                + Format.percent(engine.writes() / (double) Math.max(1, engine.heartbeats()))
                + "). Baseline: one autocommitted `INSERT ... ON CONFLICT DO UPDATE` per heartbeat from the same "
                + PostgresHeartbeats.SESSIONS
                + " virtual threads on the same pool, measured before and after the engine's side and averaged, so the "
                + "machine's drift weighs on both sides alike ("
                + Format.rate(result.naiveBefore().rate(), "upserts/s") + " before, "
                + Format.rate(result.naiveAfter().rate(), "upserts/s") + " after). Each table is analyzed (`ANALYZE`) "
                + "once its rows are in, as autovacuum does within a minute of such growth. Expiry check: "
                + engine.removals() + " sessions removed while heartbeating, the tightest acknowledged row had "
                + engine.tightestMillis() + " ms left, "
                + engine.live() + " of " + PostgresHeartbeats.SESSIONS + " live when the run ended"
                + (noEarlyExpiry ? " — no session expired early." : " — a session expired early.")
                + "\n\nWhere the engine's time goes (JFR, this run, " + profiled.toSeconds()
                + " s more of the engine's side after its measured time, which ran unprofiled like the baseline; "
                + Profile.summary(profile, "PostgresHeartbeats.heartbeat", 8) + ")."
                + "\n\n" + (met ? MET : MISSED) + whereTheTimeGoes(result);
        return Outcome.of(Figures.POSTGRES_HEARTBEATS.result(met, Format.rate(engine.rate(), "heartbeats/s"),
                Format.rate(result.naiveRate(), "naive upserts/s"), Format.times(ratio) + " the naive rate", note));
    }
}
