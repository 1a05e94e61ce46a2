package dev.syncpack.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Figure 7: {@link EndToEnd} with 1 000 clients; quick: 2 s warm-up and 4 s measured per phase,
 * full: 5 s and 30 s. Run alone: {@code benchmarks/run --only 7}.
 */
final class EndToEndFigure implements FigureBenchmark {

    static final int CLIENTS = 1_000;
    static final double GOAL_P99_MILLIS = 100;

    @Override
    public Outcome run(Settings settings) throws Exception {
        Duration measured = settings.duration(Duration.ofSeconds(4), Duration.ofSeconds(30));
        EndToEnd.Result result = EndToEnd.measure(CLIENTS, settings.duration(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                measured,
                settings.logDirectory().resolve("figure-7-server.log"),
                settings.logDirectory().resolve("figure-7-server.jfr"));
        double p50 = result.visible().percentileMillis(50);
        double p99 = result.visible().percentileMillis(99);
        double pingP99 = result.pings().percentileMillis(99);
        long expected = result.changes() * CLIENTS;
        boolean met = p99 <= GOAL_P99_MILLIS;
        Path profile = settings.logDirectory().resolve("figure-7-server.jfr");
        String note = "Workload: the sample server as a child process on 127.0.0.1 (in-memory store, defaults, so each "
                + "channel's subscribers get at most one diff per 10 ms) and " + CLIENTS + " JDK WebSocket clients in the "
                + "benchmark's JVM, on the same 2 cores. Each client joined channel `e2e` and subscribed to it; then "
                + "each heartbeated once a second with the patch `{\"t\": intended start}`, spread evenly ("
                + result.changes() + " changes sent, " + result.skipped() + " skipped while the client's previous "
                + "frame was in flight). Every change reaches every client: " + expected + " stamps expected, "
                + result.visible().count() + " seen (a stamp its client replaced within one interval is never sent), "
                + "in " + result.diffFrames() + " diff frames of " + result.diffChars() / Math.max(1, result.diffFrames())
                + " bytes on average (" + Format.rate(result.diffChars() / 1e6 / measured.toSeconds(), "MB/s") + " in all, "
                + result.diffRows() / Math.max(1, result.diffFrames()) + " rows a frame). Server CPU: " + String.format(Locale.ROOT, "%.2f", result.serverCores())
                + " cores while patching, " + String.format(Locale.ROOT, "%.2f", result.pingCores()) + " while "
                + "pinging; the clients' JVM used " + String.format(Locale.ROOT, "%.2f", result.clientCores())
                + " cores while patching. Baseline: the same clients pinging once a second, ping→pong p50 "
                + Format.millis(result.pings().percentileMillis(50)) + ", p99 " + Format.millis(pingP99) + ".\n\n"
                + "Where the server's time goes (JFR over its whole run): handling the clients' frames, "
                + Profile.summary(profile, "SyncConnection.onText", 6) + "; sending the diffs, "
                + Profile.summary(profile, "Fanout.flush", 6) + ".\n\n"
                + (met ? "How the goal is met: " : "Why the goal is missed: ")
                + "every change still goes to every client (" + CLIENTS + " changes/s make " + CLIENTS * CLIENTS
                + " row deliveries/s). Since this work the engine coalesces each channel's changes and sends one net "
                + "diff per flush to all its subscribers, written as JSON once and, since they share the subscription "
                + "id, sent as one frame text measured once; each client reads a frame per flush instead of one per "
                + "change, so the per-frame costs that dominated before (Jetty's framing and socket writes, the "
                + "clients' message handling) shrink by the rows per frame, and a change waits up to 10 ms for its "
                + "flush. "
                + (met ? "What remains is the bytes: every row still crosses loopback once per client."
                : "What remains is the bytes: each row is about " + result.diffChars() / Math.max(1,
                result.diffRows()) + " bytes of JSON, so all clients together must read some "
                + Format.rate(CLIENTS * (double) CLIENTS * result.diffChars() / Math.max(1, result.diffRows())
                / 1e6, "MB/s") + ", and the JDK WebSocket client decodes UTF-8 a character at a time (its decoder "
                + "was the largest share of the clients' JVM in a JFR profile, much of it on the HttpClient's one "
                + "selector thread). The clients fall behind, the server closes those more than 1 MiB of frames behind "
                + "(" + result.dropped() + " of " + CLIENTS + " by the end here), fewer stamps are seen than expected, "
                + "and latency grows through the run. Flushes hand the diffs to the sockets after releasing the "
                + "engine's commit lock, so heartbeats no longer wait for them. Next step: send only a changed row's "
                + "changed fields (a protocol change) to cut the bytes.");
        return Outcome.of(Figures.END_TO_END.result(met, "p50 " + Format.millis(p50) + ", p99 " + Format.millis(p99)
                        + "; server " + String.format(Locale.ROOT, "%.2f", result.serverCores()) + " cores",
                "ping p99 " + Format.millis(pingP99) + "; server " + String.format(Locale.ROOT, "%.2f",
                        result.pingCores()) + " cores", Format.times(p99 / pingP99) + " the ping p99", note));
    }
}
