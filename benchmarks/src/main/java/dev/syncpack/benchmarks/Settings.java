package dev.syncpack.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a report runs, from the command line of {@code benchmarks/run}: {@code --quick} (every
 * figure in at most five minutes) or {@code --full} (the default; longer measurements),
 * {@code --jdbc-url URL} (else {@code SYNCPACK_BENCH_JDBC_URL}, else the local PostgreSQL),
 * {@code --only 1,2,4} to run some figures, {@code --out DIR} for where {@code BENCHMARKS.md} and
 * {@code docs/} go. Figures always leave a profile (JFR files in the log directory).
 *
 * @param quick whether to run the short measurements
 * @param jdbcUrl the PostgreSQL the database figures use; they work in a schema of their own
 * @param only the figures to run
 * @param out the repository root the report is written to
 * @param command the command line the report says it was produced by
 */
record Settings(boolean quick, String jdbcUrl, Set<Integer> only, Path out, String command) {

    static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final Set<Integer> ALL_FIGURES = Set.of(1, 2, 3, 4, 5, 6, 7, 8);

    /** Copies {@code only}. */
    Settings {
        only = Set.copyOf(new TreeSet<>(only));
    }

    /**
     * Reads the command line.
     *
     * @param args the arguments
     * @param env the environment, for {@code SYNCPACK_BENCH_JDBC_URL}
     * @return the settings
     * @throws IllegalArgumentException naming an unknown option, a missing value or a bad figure number
     */
    static Settings parse(List<String> args, Map<String, String> env) {
        boolean quick = false;
        String jdbcUrl = env.getOrDefault("SYNCPACK_BENCH_JDBC_URL", DEFAULT_JDBC_URL);
        Set<Integer> only = ALL_FIGURES;
        Path out = Path.of("");
        String command = "benchmarks/run " + String.join(" ", args);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> quick = true;
                case "--full" -> quick = false;
                case "--jdbc-url" -> jdbcUrl = value(args, ++i, arg);
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--command" -> command = value(args, ++i, arg);
                case "--only" -> only = figures(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg
                        + "; use --quick, --full, --only 1,2,4, --jdbc-url URL or --out DIR");
            }
        }
        return new Settings(quick, jdbcUrl, only, out, command.strip());
    }

    /** @return the command line that gives these settings again (for a figure's own JVM) */
    List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(quick ? "--quick" : "--full", "--jdbc-url", jdbcUrl,
                "--out", out.toString(), "--command", command));
        if (!only.equals(ALL_FIGURES)) {
            args.add("--only");
            args.add(String.join(",", only.stream().map(String::valueOf).toList()));
        }
        return args;
    }

    /**
     * @param quickly how long in quick mode
     * @param fully how long in full mode
     * @return the one this run uses
     */
    Duration duration(Duration quickly, Duration fully) {
        return quick ? quickly : fully;
    }

    /** @return where figures write their logs and profiles */
    Path logDirectory() {
        return out.resolve("benchmarks").resolve("target").resolve("bench-logs");
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static Set<Integer> figures(String list) {
        Set<Integer> figures = new TreeSet<>();
        for (String part : list.split(",")) {
            int figure;
            try {
                figure = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--only takes figure numbers 1 to 8 separated by commas, was \""
                        + list + "\"", e);
            }
            if (!ALL_FIGURES.contains(figure)) {
                throw new IllegalArgumentException("--only takes figure numbers 1 to 8, was " + figure);
            }
            figures.add(figure);
        }
        return figures;
    }
}
