package dev.syncpack.benchmarks;

import java.time.Duration;

/**
 * Figure 6: {@link ClusterConvergence}; quick: 2 s warm-up and 6 s measured, full: 5 s and 60 s.
 * Run alone: {@code benchmarks/run --only 6}.
 */
final class ConvergenceFigure implements FigureBenchmark {

    static final double GOAL_P99_MILLIS = 100;

    @Override
    public Outcome run(Settings settings) throws Exception {
        ClusterConvergence.Result result = ClusterConvergence.measure(settings.jdbcUrl(),
                settings.duration(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                settings.duration(Duration.ofSeconds(6), Duration.ofSeconds(60)));
        double p50 = result.remote().percentileMillis(50);
        double p99 = result.remote().percentileMillis(99);
        double localP99 = result.local().percentileMillis(99);
        boolean complete = result.remote().count() >= result.changes();
        boolean met = p99 <= GOAL_P99_MILLIS && complete;
        String note = "Workload: two engines in one JVM share a `JooqPresenceStore` table and each has its own "
                + "`PostgresClusterBus` (LISTEN/NOTIFY) on the same database; " + ClusterConvergence.SESSIONS
                + " sessions heartbeat on A, " + ClusterConvergence.RATE + " a second from " + ClusterConvergence.DRIVERS
                + " threads on a fixed schedule, each with a state patch "
                + "carrying its intended start, so each heartbeat is a published change (" + result.changes()
                + " measured; B saw " + result.remote().count() + "). Latency: intended start on A → the diff at a "
                + "subscriber on B. Baseline: a subscriber of the same channel on A (same-node delivery): p50 "
                + Format.millis(result.local().percentileMillis(50)) + ", p99 " + Format.millis(localP99)
                + ". The same-node latency is the heartbeat's own cost (a locked write on PostgreSQL); the difference "
                + "is the bus: the batch is logged and NOTIFYed by A's sender thread and read by B's listener. The "
                + "sender commits the batches waiting in one transaction, without waiting for the log to reach disk "
                + "(`synchronous_commit off` for that transaction only: the changes themselves were committed durably "
                + "by the store)."
                + (met ? "" : " Why the goal is missed: the tail follows PostgreSQL's commit latency on this machine, "
                + "whose 2 cores and disk the database shares with both engines and the driver; the same-node p99 "
                + "above, which has no bus in it, shows how much of the tail the heartbeat's own locked write already "
                + "is.");
        return Outcome.of(Figures.CONVERGENCE.result(met, "p50 " + Format.millis(p50) + ", p99 " + Format.millis(p99),
                "p99 " + Format.millis(localP99) + " (same node)", Format.times(p99 / localP99) + " the same-node p99",
                note));
    }
}
