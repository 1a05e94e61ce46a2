package dev.syncpack.samples.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the browser client's own tests ({@code src/test/js/*.test.js}, Node's test runner) inside the
 * Maven build, and prints their report.
 */
class ClientNodeTest {

    private static final Path TESTS = Path.of("src", "test", "js");

    @Test
    @Timeout(120)
    void clientTests_passUnderNode() throws IOException, InterruptedException {
        RequiredTools.requireCommand("the presence client's node tests (src/test/js) did not run", "node", "--version");
        List<String> command = new ArrayList<>(List.of("node", "--test"));
        try (Stream<Path> files = Files.list(TESTS)) {
            files.map(Path::toString).filter(name -> name.endsWith(".test.js")).sorted().forEach(command::add);
        }
        assertThat(command).hasSizeGreaterThan(2);

        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println(report);

        assertThat(node.exitValue()).as("node --test failed:%n%s", report).isZero();
        assertThat(report).contains("# fail 0");
    }
}
