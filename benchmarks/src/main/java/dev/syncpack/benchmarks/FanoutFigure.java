package dev.syncpack.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Figure 2 and its chart: {@link FanoutLatency} at 10 000 subscribers with recording listeners
 * (the figure) and no-op listeners (the baseline), then the recording run at 1 000, 5 000 and
 * 20 000 subscribers for the chart. Every run: 1 000 changes/s; quick: 1 s warm-up and 3 s
 * measured; full: 5 s and 20 s.
 */
final class FanoutFigure implements FigureBenchmark {

    static final int SIZE = 10_000;
    static final int RATE = 1_000;
    static final int[] CHART_SIZES = {1_000, 5_000, SIZE, 20_000};
    static final double GOAL_P99_MILLIS = 50;

    @Override
    public Outcome run(Settings settings) throws Exception {
        Path profile = settings.logDirectory().resolve("figure-2-fanout.jfr");
        Duration warmUp = settings.duration(Duration.ofSeconds(1), Duration.ofSeconds(5));
        Duration measure = settings.duration(Duration.ofSeconds(3), Duration.ofSeconds(20));
        FanoutLatency.Result baseline = FanoutLatency.run(SIZE, RATE, FanoutLatency.Listeners.NO_OP, warmUp, measure,
                Optional.empty());
        List<Outcome.Point> chart = new ArrayList<>();
        FanoutLatency.Result figure = null;
        for (int size : CHART_SIZES) {
            FanoutLatency.Result result = FanoutLatency.run(size, RATE, FanoutLatency.Listeners.RECORDING, warmUp,
                    measure, size == SIZE ? Optional.of(profile) : Optional.empty());
            System.out.printf("fan-out %d subscribers: p50 %.2f ms, p99 %.2f ms, %.0f changes/s%n", size,
                    result.latency().percentileMillis(50), result.latency().percentileMillis(99), result.achievedRate());
            chart.add(new Outcome.Point(size, result.latency().percentileMillis(99)));
            if (size == SIZE) {
                figure = result;
            }
        }
        double p50 = figure.latency().percentileMillis(50);
        double p99 = figure.latency().percentileMillis(99);
        double baselineP99 = baseline.latency().percentileMillis(99);
        boolean met = p99 <= GOAL_P99_MILLIS;
        String note = "Workload: one channel with " + SIZE + " live sessions, each subscribed with an in-process listener "
                + "(they share one view, so each change is diffed once); one thread changes a session's state "
                + RATE + " times a second through `presence:heartbeat` with the patch `{\"t\": intended start}` on a fixed "
                + "schedule (achieved: " + Math.round(figure.achievedRate()) + " changes/s, "
                + figure.latency().count() + " deliveries measured). Latency runs from the change's intended start to "
                + "each listener's call, so a driver falling behind shows as latency. Baseline: the same load with "
                + "no-op listeners, measured from the intended start until `runMutation` returns (every listener "
                + "called): p50 " + Format.millis(baseline.latency().percentileMillis(50)) + ", p99 "
                + Format.millis(baselineP99) + ". Max delivered latency "
                + Format.millis(figure.latency().maxNanos() / 1e6) + ". Chart sizes (p99): "
                + chartText(chart) + ".\n\nWhere the driver's time goes at " + SIZE + " subscribers (JFR, this run, "
                + Profile.summary(profile, "FanoutLatency.drive", 8) + ")."
                + (met ? "" : "\n\nWhy the goal is missed: " + whyMissed(chart, figure));
        return new Outcome(Figures.FANOUT.result(met, "p50 " + Format.millis(p50) + ", p99 " + Format.millis(p99),
                "p99 " + Format.millis(baselineP99) + " (no-op listeners)",
                Format.times(p99 / baselineP99) + " the baseline's p99", note), chart);
    }

    /**
     * What the run itself shows: either a larger channel in the same JVM kept within the goal, so
     * the fan-out keeps up and the driver's thread was held up meanwhile, or the driver fell behind
     * its schedule.
     */
    private static String whyMissed(List<Outcome.Point> chart, FanoutLatency.Result figure) {
        Optional<Outcome.Point> larger = chart.stream()
                .filter(point -> point.x() > SIZE && point.y() <= GOAL_P99_MILLIS).findFirst();
        if (larger.isPresent()) {
            return "the " + Format.count((long) larger.get().x())
                    + "-subscriber channel, measured right after in the same JVM, had p99 "
                    + Format.millis(larger.get().y()) + ", so the fan-out keeps up at this size, and this size's "
                    + "deliveries were held up by something else for a while (max "
                    + Format.millis(figure.latency().maxNanos() / 1e6) + "): a pause of the one driving thread.";
        }
        return "the one driving thread hands out " + RATE + " × " + SIZE + " deliveries a second and fell behind "
                + "its schedule (achieved " + Math.round(figure.achievedRate()) + " changes/s); the backlog shows as "
                + "latency.";
    }

    private static String chartText(List<Outcome.Point> chart) {
        return String.join(", ", chart.stream()
                .map(point -> Format.count((long) point.x()) + " → " + Format.millis(point.y()))
                .toList());
    }
}
