package dev.syncpack.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncpack.engine.fixtures.NotesPack;
import dev.syncpack.engine.protocol.HostileFrames.Expect;
import dev.syncpack.engine.protocol.HostileFrames.Frame;
import dev.syncpack.engine.protocol.HostileFrames.Probe;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded protocol fuzzing of {@link SyncConnection}: over 10 000 hostile frames per run (see
 * {@link HostileFrames}) on one long-lived connection, each checked against its documented
 * answer, each followed by valid frames the same connection must serve; floods checked against
 * the token bucket and the 1008 close, with a bystander connection served throughout. Nothing may
 * escape the connection, no answer may be {@code INTERNAL} or carry text that is not well-formed
 * Unicode, the connection's subscriptions stay within {@code maxSubscriptions}, and the heap after
 * garbage collection does not grow with the number of frames. Prints
 * {@code fuzz[protocol]: N frames, 0 escaped exceptions}; replay a run with
 * {@code -Dsyncpack.fuzz.seed=SEED}.
 */
@Timeout(300)
class ProtocolFuzzTest {

    static final String SEED_PROPERTY = "syncpack.fuzz.seed";
    private static final int HOSTILE_FRAMES = 10_000;
    private static final int FLOODS = 120;
    private static final long HEAP_GROWTH_BOUND = 64L << 20;
    private static final String PING = "{\"type\":\"ping\"}";

    private static final long SEED = Long.getLong(SEED_PROPERTY, ThreadLocalRandom.current().nextLong(1L << 40));
    private static final AtomicLong HOSTILE_SENT = new AtomicLong();
    private static final AtomicLong FLOOD_SENT = new AtomicLong();
    private static final AtomicLong VALID_SENT = new AtomicLong();
    private static final Map<String, Integer> KINDS = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final AtomicLong ESCAPED = new AtomicLong();

    private final ConnectionHarness harness = new ConnectionHarness();

    @AfterEach
    void closeEngine() {
        harness.close();
    }

    @AfterAll
    static void printCounts() {
        System.out.println("fuzz[protocol]: " + (HOSTILE_SENT.get() + FLOOD_SENT.get()) + " frames, " + ESCAPED.get()
                + " escaped exceptions");
        System.out.println("fuzz[protocol]: " + HOSTILE_SENT.get() + " hostile frames " + KINDS + " and "
                + FLOOD_SENT.get() + " frames in " + FLOODS + " floods, each checked against its documented answer; "
                + VALID_SENT.get() + " valid frames served after them; seed " + SEED + " (replay with -D"
                + SEED_PROPERTY + "=" + SEED + ")");
    }

    @Test
    void hostileFrames_getTheirDocumentedAnswer_andTheConnectionServesValidFramesAfterEach() {
        HostileFrames frames = new HostileFrames(new SplittableRandom(SEED));
        RecordingSink sink = new RecordingSink();
        ConnectionLimits limits = ConnectionLimits.defaults();
        SyncConnection connection = SyncConnection.builder(harness.engine, ConnectionHarness.ADA,
                new WellFormedSink(sink), harness.clock).limits(limits).build();
        long heapBefore = usedHeapAfterGc();
        List<String> failures = new ArrayList<>();
        int maxLiveSubscriptions = 0;
        for (int i = 0; i < HOSTILE_FRAMES && failures.size() < 10; i++) {
            Probe probe = frames.next();
            harness.clock.advance(Duration.ofSeconds(1));
            KINDS.merge(probe.kind().startsWith("wrong type") ? "wrong type" : probe.kind(), 1, Integer::sum);
            probe.setup().forEach(frame -> send(connection, frame, VALID_SENT));
            List<JsonNode> setupAnswers = sink.take();
            send(connection, probe.frame(), HOSTILE_SENT);
            List<JsonNode> answers = sink.take();
            String problem = mismatch(probe.expect(), answers);
            if (problem != null) {
                failures.add("frame " + i + " (" + probe.kind() + ", " + excerpt(probe.frame()) + "): " + problem);
            }
            java.util.stream.Stream.concat(setupAnswers.stream(), answers.stream())
                    .filter(answer -> answer.path("type").asText().equals("snapshot"))
                    .forEach(snapshot -> send(connection, new Frame.Text(HostileFrames.write(Map.of(
                            "type", "unsubscribe", "id", snapshot.path("id").asText()))), VALID_SENT));
            sink.take();
            maxLiveSubscriptions = Math.max(maxLiveSubscriptions, harness.liveSubscriptions());
            String servedAfter = servesValidFrames(connection, sink, i);
            if (servedAfter != null) {
                failures.add("after frame " + i + " (" + probe.kind() + "): " + servedAfter);
            }
        }
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        connection.close();

        assertThat(failures).as("seed %d: replay with -D%s=%d", SEED, SEED_PROPERTY, SEED).isEmpty();
        assertThat(ESCAPED.get()).isZero();
        assertThat(maxLiveSubscriptions).isLessThanOrEqualTo(limits.maxSubscriptions());
        assertThat(harness.liveSubscriptions()).isZero();
        assertThat(sink.closes()).isEmpty();
        assertThat(heapGrowth).as("heap growth after GC over %d frames", HOSTILE_FRAMES).isLessThan(HEAP_GROWTH_BOUND);
    }

    @Test
    void floods_pastTheBurstAreRefused_tenRefusalsInARowClose1008_andABystanderIsServed() {
        SplittableRandom random = new SplittableRandom(SEED ^ 0x5DEECE66DL);
        HostileFrames hostile = new HostileFrames(random.split());
        ConnectionLimits limits = ConnectionLimits.defaults();
        ConnectionHarness.Client bystander = harness.connect(NotesPack.user("bystander", "bob", "acme"));
        List<String> failures = new ArrayList<>();
        for (int flood = 0; flood < FLOODS && failures.size() < 10; flood++) {
            RecordingSink sink = new RecordingSink();
            SyncConnection connection = SyncConnection.builder(harness.engine,
                    NotesPack.user("flood-" + flood, "ada", "acme"), new WellFormedSink(sink), harness.clock)
                    .limits(limits).build();
            FloodModel model = new FloodModel(limits);
            int frames = limits.burstFrames() + 1 + random.nextInt(40);
            for (int i = 0; i < frames; i++) {
                boolean oversized = random.nextInt(8) == 0;
                boolean garbage = !oversized && random.nextInt(8) == 0;
                Frame frame = oversized ? new Frame.Text("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}")
                        : garbage ? new Frame.Text("x" + hostile.validFrame()) : new Frame.Text(PING);
                String expected = model.answer(oversized, garbage);
                send(connection, frame, FLOOD_SENT);
                List<JsonNode> answers = sink.take();
                String got = answers.isEmpty() ? "nothing" : answers.size() > 1 ? answers.toString()
                        : answers.getFirst().path("type").asText().equals("error")
                                ? answers.getFirst().at("/error/code").asText() : answers.getFirst().path("type").asText();
                if (!got.equals(expected)) {
                    failures.add("flood " + flood + " frame " + i + ": expected " + expected + ", got " + got);
                }
            }
            List<Integer> expectedCloses = model.closed() ? List.of(SyncConnection.POLICY_VIOLATION) : List.of();
            if (!sink.closes().stream().map(RecordingSink.Close::code).toList().equals(expectedCloses)) {
                failures.add("flood " + flood + ": expected closes " + expectedCloses + ", got " + sink.closes());
            }
            connection.close();
            bystander.send("{'type':'ping'}");
            VALID_SENT.incrementAndGet();
            if (!bystander.take().stream().map(answer -> answer.path("type").asText()).toList().equals(List.of("pong"))) {
                failures.add("flood " + flood + ": the bystander was not served");
            }
            harness.clock.advance(Duration.ofSeconds(5));
        }

        assertThat(failures).as("seed %d: replay with -D%s=%d", SEED, SEED_PROPERTY, SEED).isEmpty();
        assertThat(ESCAPED.get()).isZero();
    }

    /**
     * What the token bucket and the violation counter answer to frames arriving at one instant: the
     * first {@code burstFrames} take a token; a frame without a token or over the size limit is a
     * violation; a frame within the limits ends a row of violations; {@code maxViolationsInRow}
     * in a row close the connection, after which nothing is answered.
     */
    private static final class FloodModel {
        private final ConnectionLimits limits;
        private int tokens;
        private int violationsInRow;
        private boolean closed;

        FloodModel(ConnectionLimits limits) {
            this.limits = limits;
            this.tokens = limits.burstFrames();
        }

        String answer(boolean oversized, boolean garbage) {
            if (closed) {
                return "nothing";
            }
            boolean violation = tokens == 0 || oversized;
            tokens = Math.max(0, tokens - 1);
            if (!violation) {
                violationsInRow = 0;
                return garbage ? "BAD_FRAME" : "pong";
            }
            violationsInRow++;
            closed = violationsInRow >= limits.maxViolationsInRow();
            return "LIMIT_EXCEEDED";
        }

        boolean closed() {
            return closed;
        }
    }

    /** @return what is wrong with the answers, or null when they are the documented answer */
    private static String mismatch(Expect expect, List<JsonNode> answers) {
        if (answers.size() != 1) {
            return "expected one answer, got " + answers;
        }
        JsonNode answer = answers.getFirst();
        String code = answer.at("/error/code").asText(null);
        if ("INTERNAL".equals(code)) {
            return "answered INTERNAL: " + answer;
        }
        if (expect.type() == null) {
            return null;
        }
        boolean matches = expect.type().equals(answer.path("type").asText())
                && expect.code().equals(code)
                && (expect.id() == null ? !answer.has("id") : expect.id().equals(answer.path("id").asText()))
                && (expect.mutationId() == null ? !answer.has("mutationId")
                        : expect.mutationId() == answer.path("mutationId").asLong());
        return matches ? null : "expected " + expect + ", got " + answer;
    }

    /** Ping, and now and then a subscription round trip: the connection must still serve both. */
    private static String servesValidFrames(SyncConnection connection, RecordingSink sink, int round) {
        send(connection, new Frame.Text(PING), VALID_SENT);
        List<String> types = sink.take().stream().map(answer -> answer.path("type").asText()).toList();
        if (!types.equals(List.of("pong"))) {
            return "ping answered " + types;
        }
        if (round % 50 == 0) {
            send(connection, new Frame.Text("{\"type\":\"subscribe\",\"id\":\"probe\",\"collection\":\"notes\"}"), VALID_SENT);
            send(connection, new Frame.Text("{\"type\":\"unsubscribe\",\"id\":\"probe\"}"), VALID_SENT);
            types = sink.take().stream().map(answer -> answer.path("type").asText()).toList();
            if (!types.equals(List.of("snapshot"))) {
                return "subscribe and unsubscribe answered " + types;
            }
        }
        return null;
    }

    /** Hands a frame to the connection; anything it throws escaped and is counted. */
    private static void send(SyncConnection connection, Frame frame, AtomicLong counter) {
        counter.incrementAndGet();
        try {
            switch (frame) {
                case Frame.Text text -> connection.onText(text.text());
                case Frame.Binary binary -> connection.onBinary(binary.bytes());
            }
        } catch (Throwable escaped) {
            ESCAPED.incrementAndGet();
            throw new AssertionError("an exception escaped SyncConnection on " + excerpt(frame), escaped);
        }
    }

    private static String excerpt(Frame frame) {
        String text = switch (frame) {
            case Frame.Text t -> t.text();
            case Frame.Binary b -> b.bytes().length + " binary bytes";
        };
        String head = text.length() > 120 ? text.substring(0, 120) + "... (" + text.length() + " chars)" : text;
        StringBuilder printable = new StringBuilder();
        head.chars().forEach(c -> printable.append(c < 32 || Character.isSurrogate((char) c)
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return printable.toString();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Passes frames on, failing on text with an unpaired surrogate, which no UTF-8 text frame can carry. */
    private record WellFormedSink(RecordingSink sink) implements FrameSink {
        @Override
        public void send(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new AssertionError("the connection sent text with an unpaired surrogate at " + i + ": " + text);
                }
            }
            sink.send(text);
        }

        @Override
        public void close(int code, String reason) {
            sink.close(code, reason);
        }
    }
}
