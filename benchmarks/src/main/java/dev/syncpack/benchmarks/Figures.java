package dev.syncpack.benchmarks;

import java.util.Arrays;
import java.util.function.Supplier;

/** The eight figures of the issue: their titles, goals, and the benchmark that measures each. */
enum Figures {
    HEARTBEATS(1, "heartbeats/s through `engine.runMutation`, in-memory store, 100 k sessions in 1 k channels, "
            + "no subscribers", "≥ 500 k/s on 2 cores; ≤ 5× the baseline's cost per op", HeartbeatFigure::new),
    FANOUT(2, "fan-out: one channel, 10 k subscribed sessions (in-process listeners), 1 k state changes/s: "
            + "update→delivered p50/p99", "p99 ≤ 50 ms", FanoutFigure::new),
    POSTGRES_HEARTBEATS(3, "PostgreSQL heartbeats/s, 10 k live sessions each heartbeating",
            "≥ 10× the naive rate with no session ever expiring early", PostgresHeartbeatFigure::new),
    MEMORY(4, "memory per session, in-memory store, 1 M sessions (heap after GC / sessions), state excluded",
            "≤ 300 bytes", MemoryFigure::new),
    CLEANUP(5, "cleanup of 100 k expired among 1 M rows in PostgreSQL", "≤ 2 s", CleanupFigure::new),
    CONVERGENCE(6, "cross-node convergence via `PostgresClusterBus`: heartbeat on A → diff on B, p50/p99",
            "p99 ≤ 100 ms", ConvergenceFigure::new),
    END_TO_END(7, "end to end over real WebSockets on loopback: 1 000 clients in one channel, each patching state "
            + "once a second: update→visible at the other clients p50/p99, server CPU", "p99 ≤ 100 ms",
            EndToEndFigure::new),
    LEAVE(8, "leave→visible and abrupt disconnect→visible (no leave sent)", "leave p99 ≤ 20 ms; abrupt ≤ TTL + 1 s",
            LeaveFigure::new);

    private final int number;
    private final String title;
    private final String goal;
    private final Supplier<FigureBenchmark> benchmark;

    Figures(int number, String title, String goal, Supplier<FigureBenchmark> benchmark) {
        this.number = number;
        this.title = title;
        this.goal = goal;
        this.benchmark = benchmark;
    }

    int number() {
        return number;
    }

    String title() {
        return title;
    }

    String goal() {
        return goal;
    }

    FigureBenchmark benchmark() {
        return benchmark.get();
    }

    /**
     * @param met whether the goal was reached
     * @param measured the measured value
     * @param baseline the baseline of the same run
     * @param ratio the figure against its baseline
     * @param note what the figure shows and, when missed, where the time goes
     * @return this figure's row
     */
    FigureResult result(boolean met, String measured, String baseline, String ratio, String note) {
        return new FigureResult(number, title, measured, baseline, ratio, goal, FigureResult.Verdict.of(met), note);
    }

    /**
     * @param why why the figure was not measured
     * @return a not-run row for this figure
     */
    FigureResult notRun(String why) {
        return FigureResult.notRun(number, title, goal, why);
    }

    /**
     * @param number a figure number
     * @return that figure
     * @throws IllegalArgumentException when there is no such figure
     */
    static Figures of(int number) {
        return Arrays.stream(values()).filter(figure -> figure.number == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no figure " + number + "; figures are 1 to 8"));
    }
}
