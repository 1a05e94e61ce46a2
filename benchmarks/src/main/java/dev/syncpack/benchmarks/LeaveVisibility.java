package dev.syncpack.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Figure 8's question: how soon does an observer see a participant go, when it leaves and when its
 * connection just drops? The sample server runs as a child process with a short TTL and reconnect
 * grace; one observer client subscribes to channel {@code leave}; {@code participants} clients
 * join it and heartbeat every TTL / 3, as the browser client does, spread evenly over that time. Then each participant in turn
 * sends {@code presence:leave} (timed from the send to the
 * observer's diff removing it), twice over: the first round is the server's first leaves, its
 * warm-up, and the second is measured; all join again; then each in turn drops its connection
 * without a close frame ({@link SocketClient#abort()}), timed the same way. The server pushes the removal
 * once the reconnect grace (on a noticed close) or the TTL (on an unnoticed one) has run out.
 */
final class LeaveVisibility {

    static final String CHANNEL = "leave";
    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration SPACING = Duration.ofMillis(20);
    private static final Duration LEAVE_WAIT = Duration.ofSeconds(5);

    /**
     * @param firstLeaves leave sent → removal seen, for the server's first round of leaves: its
     *     warm-up, while its JIT compiles the leave path
     * @param leave the same for the second round, the measured one
     * @param abrupt connection dropped → removal seen
     * @param missing participants whose removal was never seen, in any round
     */
    record Result(LatencyHistogram firstLeaves, LatencyHistogram leave, LatencyHistogram abrupt, int missing) {
    }

    private LeaveVisibility() {
    }

    static Result measure(int participants, Path log) throws Exception {
        try (SampleServer server = SampleServer.start(List.of("--heartbeat-ttl", TTL.toSeconds() + "s",
                "--reconnect-grace", GRACE.toSeconds() + "s"), log);
             SocketClients connector = SocketClients.start()) {
            ObjectMapper json = new ObjectMapper();
            Set<String> present = ConcurrentHashMap.newKeySet();
            Map<String, Long> removedAt = new ConcurrentHashMap<>();
            SocketClient observer = connector.connect(server.socket(server.token("observer")), frame -> {
                if (Frames.isDiff(frame) || Frames.isSnapshot(frame)) {
                    long now = System.nanoTime();
                    JsonNode node = read(json, frame);
                    node.path("removed").forEach(row -> {
                        present.remove(row.path("actorId").asText());
                        removedAt.put(row.path("actorId").asText(), now);
                    });
                    node.path("added").forEach(row -> present.add(row.path("actorId").asText()));
                    node.path("rows").forEach(row -> present.add(row.path("actorId").asText()));
                }
            });
            observer.send(Frames.subscribe(CHANNEL));
            List<SocketClient> beating = new CopyOnWriteArrayList<>();
            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger turn = new AtomicInteger();
            heartbeats.scheduleAtFixedRate(() -> {
                List<SocketClient> now = List.copyOf(beating);
                if (!now.isEmpty()) {
                    now.get(Math.floorMod(turn.getAndIncrement(), now.size())).send(Frames.join(1, CHANNEL));
                }
            }, 0, TTL.toNanos() / 3 / participants, TimeUnit.NANOSECONDS);
            try {
                Round round = (departure, wait) -> {
                    List<SocketClient> clients = join(server, connector, participants, present, beating);
                    LatencyHistogram latency = new LatencyHistogram();
                    timedDepartures(clients, beating, removedAt, latency, departure, wait);
                    clients.forEach(SocketClient::close);
                    return latency;
                };
                Departure leaving = (i, client) -> client.send(Frames.leave(2, CHANNEL));
                LatencyHistogram firstLeaves = round.run(leaving, LEAVE_WAIT);
                LatencyHistogram leave = round.run(leaving, LEAVE_WAIT);
                LatencyHistogram abrupt = round.run((i, client) -> {
                    client.abort();
                    return true;
                }, TTL.plusSeconds(5));
                int missing = 3 * participants - (int) (firstLeaves.count() + leave.count() + abrupt.count());
                observer.close();
                return new Result(firstLeaves, leave, abrupt, missing);
            } finally {
                heartbeats.shutdownNow();
            }
        }
    }

    /** Connects every participant, then joins them all and keeps them heartbeating every TTL / 3. */
    private static List<SocketClient> join(SampleServer server, SocketClients connector, int participants, Set<String> present,
                                           List<SocketClient> beating) throws Exception {
        List<SocketClient> clients = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            clients.add(connector.connect(server.socket(server.token("user-" + i)), frame -> { }));
        }
        clients.forEach(client -> client.send(Frames.join(1, CHANNEL)));
        beating.addAll(clients);
        awaitUntil(() -> present.size() >= participants, Duration.ofSeconds(30),
                "the observer did not see all " + participants + " participants join");
        return clients;
    }

    private static void timedDepartures(List<SocketClient> clients, List<SocketClient> beating,
                                        Map<String, Long> removedAt, LatencyHistogram latency, Departure departure,
                                        Duration wait) {
        removedAt.clear();
        long[] sentAt = new long[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            beating.remove(clients.get(i));
            sentAt[i] = System.nanoTime();
            departure.go(i, clients.get(i));
            LockSupport.parkNanos(SPACING.toNanos());
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (removedAt.size() < clients.size() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        for (int i = 0; i < clients.size(); i++) {
            Long seen = removedAt.get("user-" + i);
            if (seen != null) {
                latency.record(seen - sentAt[i]);
            }
        }
    }

    private static void awaitUntil(Supplier<Boolean> condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    private static JsonNode read(ObjectMapper json, ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("the server sent a frame that is not JSON: "
                    + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    /**
     * Joins every participant (on new connections), times each one's {@link Departure}, waiting at
     * most {@code wait} for the last removal, then closes the connections (an aborted one is closed
     * already).
     */
    @FunctionalInterface
    private interface Round {
        LatencyHistogram run(Departure departure, Duration wait) throws Exception;
    }

    /** Makes participant {@code index} go; false when it could not. */
    @FunctionalInterface
    private interface Departure {
        boolean go(int index, SocketClient client);
    }
}
