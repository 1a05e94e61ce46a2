package dev.syncpack.samples.presence;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a program the JDK does not bring (Node, Chromium) skip with a visible reason
 * when it is missing on a developer's machine, and fail under {@code CI=true}, where a skip would
 * hide that they never ran.
 */
final class RequiredTools {

    private RequiredTools() {
    }

    /**
     * @param command a program and an argument that makes it print its version and exit
     * @param why what is skipped without it
     */
    static void requireCommand(String why, String... command) {
        boolean present;
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            present = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        require(present, String.join(" ", command) + " did not run", why);
    }

    /**
     * @param file an executable file
     * @param why what is skipped without it
     */
    static void requireExecutable(Path file, String why) {
        require(Files.isExecutable(file), file + " is missing", why);
    }

    private static void require(boolean present, String problem, String why) {
        if (present) {
            return;
        }
        String message = problem + ": " + why;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true, so this fails instead of skipping; .ci/run installs it)");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }
}
