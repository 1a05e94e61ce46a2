package dev.syncpack.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one figure in this JVM and writes its {@link Outcome} as JSON, so that every figure starts
 * from a fresh heap and a crash or hang in one cannot spoil another. {@link Report} starts it as
 * {@code java ... FigureMain FIGURE OUTCOME_FILE SETTINGS...}.
 */
public final class FigureMain {

    private FigureMain() {
    }

    /**
     * @param args the figure number, the file to write the outcome to, then {@link Settings} options
     * @throws Exception when the figure cannot be measured; the report shows it as not run
     */
    public static void main(String[] args) throws Exception {
        Figures figure = Figures.of(Integer.parseInt(args[0]));
        Path outcomeFile = Path.of(args[1]);
        List<String> options = Arrays.asList(args).subList(2, args.length);
        Settings settings = Settings.parse(options, System.getenv());
        Outcome outcome = figure.benchmark().run(settings);
        Files.createDirectories(outcomeFile.toAbsolutePath().getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(outcomeFile.toFile(), outcome);
        System.exit(0);
    }
}
