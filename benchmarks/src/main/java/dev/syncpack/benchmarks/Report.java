package dev.syncpack.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of {@code benchmarks/run}: runs each figure in a JVM of its own, one after the
 * other, then writes {@code BENCHMARKS.md} and the fan-out chart {@code docs/fanout-p99.png}.
 * With {@code --only}, the partial report and its chart go to {@code benchmarks/target/bench-logs/}
 * instead, so only a run of every figure replaces {@code BENCHMARKS.md} and the chart it links.
 *
 * <p>Each figure's JVM logs to {@code benchmarks/target/bench-logs/figure-N.log}; a figure that
 * fails or overruns its time limit is reported as not run, with the reason, and the others go on.
 */
public final class Report {

    static final String CHART = "docs/fanout-p99.png";

    private Report() {
    }

    /**
     * @param args see {@link Settings}
     * @throws Exception when the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(Arrays.asList(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks/run: " + e.getMessage());
            System.exit(2);
            return;
        }
        Machine machine = Machine.current();
        Files.createDirectories(settings.logDirectory());
        boolean complete = settings.only().equals(Settings.ALL_FIGURES);
        Path reportFile = complete ? settings.out().resolve("BENCHMARKS.md")
                : settings.logDirectory().resolve("BENCHMARKS-partial.md");
        Path chartFile = complete ? settings.out().resolve(CHART)
                : settings.logDirectory().resolve(Path.of(CHART).getFileName());
        long started = System.nanoTime();
        List<FigureResult> figures = new ArrayList<>();
        Optional<String> chartLink = Optional.empty();
        for (int number : new TreeSet<>(settings.only())) {
            Figures figure = Figures.of(number);
            System.out.printf("figure %d: %s%n", number, figure.title());
            Outcome outcome = runFigure(figure, settings);
            figures.add(outcome.result());
            System.out.printf("figure %d: %s, baseline %s, %s: %s%n", number, outcome.result().measured(),
                    outcome.result().baseline(), outcome.result().ratio(), outcome.result().verdict().word());
            if (!outcome.chart().isEmpty()) {
                FanoutChart.write(outcome.chart(), chartFile);
                chartLink = Optional.of(reportFile.toAbsolutePath().getParent().relativize(chartFile.toAbsolutePath())
                        .toString().replace('\\', '/'));
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        String markdown = new MarkdownReport(machine, settings.command(), settings.quick(), elapsed, figures, chartLink)
                .render();
        Files.writeString(reportFile, markdown, StandardCharsets.UTF_8);
        System.out.printf("wrote %s in %d s%n", reportFile, elapsed.toSeconds());
    }

    private static Outcome runFigure(Figures figure, Settings settings) throws IOException, InterruptedException {
        Path log = settings.logDirectory().resolve("figure-" + figure.number() + ".log");
        Path outcomeFile = settings.logDirectory().resolve("figure-" + figure.number() + ".json");
        Files.deleteIfExists(outcomeFile);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FigureMain.class.getName(),
                String.valueOf(figure.number()), outcomeFile.toString()));
        command.addAll(settings.toArgs());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Duration limit = settings.duration(Duration.ofMinutes(3), Duration.ofMinutes(20));
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            return Outcome.of(figure.notRun("The benchmark overran its limit of " + limit.toMinutes()
                    + " min and was stopped; see " + log + "."));
        }
        if (process.exitValue() != 0 || !Files.exists(outcomeFile)) {
            return Outcome.of(figure.notRun("The benchmark failed (exit " + process.exitValue() + "): "
                    + lastLines(log) + " (log: " + log + ")"));
        }
        return new ObjectMapper().readValue(outcomeFile.toFile(), Outcome.class);
    }

    static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", "-Djava.awt.headless=true"));
        options.addAll(Profile.PRECISE_STACKS);
        return options;
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
        } catch (IOException e) {
            return "no log";
        }
    }
}
