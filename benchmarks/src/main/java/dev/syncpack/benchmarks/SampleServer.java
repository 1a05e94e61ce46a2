package dev.syncpack.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample presence server ({@code samples/presence-server/target/presence-server.jar}) as a
 * child process on 127.0.0.1 and a free port, so its CPU time can be read apart from the load
 * driver's. It runs unprofiled unless {@link #profiled} records a phase of its run. Closing it
 * sends SIGTERM (its graceful shutdown) and waits.
 */
final class SampleServer implements AutoCloseable {

    static final Path JAR = Path.of("samples", "presence-server", "target", "presence-server.jar");
    private static final Pattern RUNNING = Pattern.compile("open (http://[^ ]+/)");

    private final Process process;
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private SampleServer(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /**
     * @param options the server's options, e.g. {@code --heartbeat-ttl 3s}
     * @param log where the server's output goes
     * @return the running server
     * @throws IOException when it cannot start or does not say it runs within 60 s
     */
    static SampleServer start(List<String> options, Path log) throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IOException("no " + JAR + ": benchmarks/run builds it; run from the repository root");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(Profile.PRECISE_STACKS);
        command.addAll(List.of("-jar", JAR.toString(), "--host", "127.0.0.1", "--port", "0"));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<URI> running = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("sample-server-output").start(() -> copyOutput(process, log, running));
        try {
            return new SampleServer(process, running.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the sample server did not start within 60 s; see " + log, e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<URI> running) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
                Matcher matcher = RUNNING.matcher(line);
                if (!running.isDone() && matcher.find()) {
                    running.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            running.completeExceptionally(e);
        }
    }

    /**
     * @param user the user the token signs in
     * @return a dev token for {@code user} in workspace {@code bench}
     */
    String token(String user) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                uri.resolve("/api/dev-token?user=" + user + "&workspace=bench")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("dev token for " + user + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).get("token").asText();
    }

    /**
     * @param token a token from {@link #token}
     * @return the socket address with the token
     */
    URI socket(String token) {
        return URI.create("ws://" + uri.getHost() + ":" + uri.getPort() + "/sync/ws?token=" + token);
    }

    /**
     * Runs {@code work} while the server records a JFR profile (CPU samples every
     * {@link Profile#SAMPLE_PERIOD}), started and stopped through {@code jcmd}, and writes it to
     * {@code file}.
     *
     * @param file where the recording goes
     * @param work the phase to profile
     * @return what {@code work} returned
     * @throws Exception what {@code work} threw, or when {@code jcmd} fails
     */
    <T> T profiled(Path file, Callable<T> work) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        jcmd("JFR.start", "name=benchmark", "settings=profile",
                "jdk.ExecutionSample#period=" + Profile.SAMPLE_PERIOD.toMillis() + "ms",
                "filename=" + file.toAbsolutePath());
        try {
            return work.call();
        } finally {
            jcmd("JFR.stop", "name=benchmark");
        }
    }

    private void jcmd(String... arguments) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> command = new ArrayList<>(List.of(jcmd, Long.toString(process.pid())));
        command.addAll(List.of(arguments));
        Process running = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (running.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** @return the CPU time the server process has used so far */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
