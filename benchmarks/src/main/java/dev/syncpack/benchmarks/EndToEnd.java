package dev.syncpack.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Figure 7's question: over real WebSockets on loopback, how long after one of 1 000 clients in a
 * channel changes its state do the others see it, and what does it cost the server?
 *
 * <p>Workload: the sample server as a child process (in-memory store, defaults, so each channel's
 * subscribers get at most one diff per 10 ms); {@code clients} WebSocket clients in this JVM
 * ({@link SocketClients}), each with its own dev token, subscribe to channel {@code e2e}. Baseline
 * phase: each client pings once a second (spread evenly), measured ping→pong. The clients join the
 * channel only after it, with their first heartbeats: sessions joined before would expire (TTL
 * 30 s) in the middle of the pinging, and their removals would reach every client at once.
 * Measured phase: each client heartbeats once a second (spread evenly) with the patch
 * {@code {"t": intended start}}, and every client records intended start → diff received for
 * every stamp of the measured phase it sees (its own included; stamps of the warm-up that arrive
 * late are left out), also by the second of the measured phase its change was meant for. Each
 * phase has a warm-up first; the patching one spends half of it at a quarter of the rate, so the
 * server's JIT compiles the patch path before the full load (which otherwise builds a backlog that
 * a short run never drains), then as long as the whole warm-up at the full rate, as the backlog
 * left by the start of the full load still showed in the first seconds measured after only half
 * of it. Server CPU is the child's CPU time over
 * each phase. After the measured phase, the same patching goes on while the server records a JFR
 * profile, so that the measured phase runs unprofiled.
 */
final class EndToEnd {

    static final String CHANNEL = "e2e";
    private static final int CONNECTING_THREADS = 8;

    /**
     * @param visible update→visible at the clients
     * @param bySecond the same, by the second of the measured phase each change was meant for
     * @param pings ping→pong, the baseline
     * @param diffFrames diff frames the clients received in the measured phase
     * @param diffBytes the bytes of those frames
     * @param diffRows the rows in those frames (every stamp read, in the measured phase or not)
     * @param dropped clients the server had closed by the end of the measured phase (it closes those
     *     that fall more than 1 MiB of frames behind)
     * @param changes changes sent in the measured phase
     * @param skipped sends skipped because the client's previous frame was still in flight
     * @param serverCores server CPU time / wall time in the measured phase
     * @param pingCores the same in the baseline phase
     * @param clientCores the clients' JVM CPU time / wall time in the measured phase
     */
    record Result(LatencyHistogram visible, List<LatencyHistogram> bySecond, LatencyHistogram pings,
                  long diffFrames, long diffBytes, long diffRows, long dropped, long changes, long skipped,
                  double serverCores, double pingCores, double clientCores) {
    }

    private EndToEnd() {
    }

    static Result measure(int clients, Duration warmUp, Duration measure, Duration profiled, Path log, Path profile)
            throws Exception {
        try (SampleServer server = SampleServer.start(List.of(), log);
             SocketClients connector = SocketClients.start()) {
            LatencyHistogram[] visible = {new LatencyHistogram()};
            List<LatencyHistogram> bySecond = Stream.generate(LatencyHistogram::new)
                    .limit(measure.toSeconds() + 1).toList();
            long[] since = {Long.MAX_VALUE};
            LatencyHistogram[] pings = {new LatencyHistogram()};
            LongAdder[] diffFrames = {new LongAdder()};
            LongAdder[] diffBytes = {new LongAdder()};
            LongAdder[] diffRows = {new LongAdder()};
            AtomicLongArray pingSent = new AtomicLongArray(clients);
            CountDownLatch subscribed = new CountDownLatch(clients);
            SocketClient[] connected = new SocketClient[clients];
            Workers.each(CONNECTING_THREADS, clients, index -> {
                connected[index] = connector.connect(server.socket(server.token("user-" + index)), frame -> {
                    long now = System.nanoTime();
                    if (Frames.isDiff(frame)) {
                        diffFrames[0].increment();
                        diffBytes[0].add(frame.remaining());
                        Frames.stamps(frame, stamp -> {
                            diffRows[0].increment();
                            if (stamp >= since[0]) {
                                long latency = now - stamp;
                                visible[0].record(latency);
                                long second = (stamp - since[0]) / 1_000_000_000L;
                                if (second < bySecond.size()) {
                                    bySecond.get((int) second).record(latency);
                                }
                            }
                        });
                    } else if (Frames.isPong(frame)) {
                        pings[0].record(now - pingSent.get(index));
                    } else if (Frames.isSnapshot(frame)) {
                        subscribed.countDown();
                    }
                });
            });
            List<SocketClient> sockets = List.of(connected);
            AtomicLong mutationIds = new AtomicLong();
            for (SocketClient socket : sockets) {
                sendWhenFree(socket, Frames.subscribe(CHANNEL));
            }
            if (!subscribed.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (clients - subscribed.getCount()) + " of " + clients
                        + " clients got their snapshot within 120 s");
            }
            Sender pinging = (index, intended) -> {
                pingSent.set(index, System.nanoTime());
                return sockets.get(index).send(Frames.PING);
            };
            Sender patching = (index, intended) ->
                    sockets.get(index).send(Frames.heartbeat(mutationIds.incrementAndGet(), CHANNEL, intended));
            drive(clients, warmUp, pinging, 1);
            pings[0] = new LatencyHistogram();
            Duration pingCpu = server.cpuTime();
            long pingStart = System.nanoTime();
            drive(clients, measure, pinging, 1);
            double pingCores = cores(server.cpuTime().minus(pingCpu), System.nanoTime() - pingStart);
            drive(clients, warmUp.dividedBy(2), patching, 4);
            drive(clients, warmUp, patching, 1);
            diffFrames[0] = new LongAdder();
            diffBytes[0] = new LongAdder();
            diffRows[0] = new LongAdder();
            since[0] = System.nanoTime();
            Duration cpu = server.cpuTime();
            CpuUse.Meter clientCpu = CpuUse.start();
            long start = System.nanoTime();
            long[] sent = drive(clients, measure, patching, 1);
            double serverCores = cores(server.cpuTime().minus(cpu), System.nanoTime() - start);
            double clientCores = clientCpu.stop().jvmCores();
            long dropped = sockets.stream().filter(SocketClient::isClosed).count();
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            Result result = new Result(visible[0], bySecond, pings[0], diffFrames[0].sum(), diffBytes[0].sum(),
                    diffRows[0].sum(), dropped, sent[0], sent[1], serverCores, pingCores, clientCores);
            visible[0] = new LatencyHistogram();
            server.profiled(profile, () -> drive(clients, profiled, patching, 1));
            sockets.forEach(SocketClient::close);
            return result;
        }
    }

    /**
     * Sends one frame per client every {@code secondsApart} seconds, spread evenly; returns {sent,
     * skipped}.
     */
    private static long[] drive(int clients, Duration length, Sender sender, int secondsApart) {
        long period = secondsApart * 1_000_000_000L / clients;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long sent = 0;
        long skipped = 0;
        int index = 0;
        for (long intended = start; intended < end; intended += period) {
            Pacing.awaitNanoTime(intended);
            if (sender.send(index, intended)) {
                sent++;
            } else {
                skipped++;
            }
            index = index + 1 == clients ? 0 : index + 1;
        }
        return new long[] {sent, skipped};
    }

    private static void sendWhenFree(SocketClient socket, String frame) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!socket.send(frame)) {
            if (socket.isClosed() || System.nanoTime() > deadline) {
                throw new IllegalStateException("a client could not send within 30 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    private static double cores(Duration cpu, long wallNanos) {
        return cpu.toNanos() / (double) wallNanos;
    }

    /** Sends client {@code index}'s frame for the slot starting at {@code intended}. */
    @FunctionalInterface
    private interface Sender {
        boolean send(int index, long intended);
    }
}
