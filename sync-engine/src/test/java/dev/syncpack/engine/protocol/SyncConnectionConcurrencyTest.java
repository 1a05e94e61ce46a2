package dev.syncpack.engine.protocol;

import static dev.syncpack.engine.protocol.ConnectionHarness.ADA;
import static dev.syncpack.engine.protocol.ConnectionHarness.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncpack.engine.protocol.ConnectionHarness.Client;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frames sent from the socket thread and from engine threads at once never overlap in the sink. */
class SyncConnectionConcurrencyTest {

    private static final int ROUNDS = 300;

    /** Counts sends in progress; widens each send so overlapping ones would be seen. */
    private static final class OverlapDetectingSink implements FrameSink {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger frames = new AtomicInteger();

        @Override
        public void send(String text) {
            if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            for (int spin = 0; spin < 2_000; spin++) {
                Thread.onSpinWait();
            }
            frames.incrementAndGet();
            inFlight.decrementAndGet();
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    private final ConnectionHarness harness = new ConnectionHarness();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
        harness.close();
    }

    @Test
    @Timeout(30)
    void frames_fromSocketAndEngineThreads_neverOverlap() throws Exception {
        OverlapDetectingSink sink = new OverlapDetectingSink();
        ConnectionLimits unlimitedRate = ConnectionLimits.builder().burstFrames(Integer.MAX_VALUE).build();
        SyncConnection ada = SyncConnection.builder(harness.engine, ADA, sink, harness.clock).limits(unlimitedRate).build();
        ada.onText(ConnectionHarness.json("{'type':'subscribe','id':'s1','collection':'scoped_notes'}"));
        Client bob = harness.connect(BOB, unlimitedRate);
        CountDownLatch start = new CountDownLatch(1);

        Future<?> pings = threads.submit(() -> {
            start.await();
            for (int i = 0; i < ROUNDS; i++) {
                ada.onText(ConnectionHarness.json("{'type':'ping'}"));
            }
            return null;
        });
        Future<?> changes = threads.submit(() -> {
            start.await();
            for (int i = 0; i < ROUNDS; i++) {
                bob.send("{'type':'mutate','mutationId':" + i + ",'name':'notes:add','args':{'id':'n" + i
                        + "','text':'x'}}");
            }
            return null;
        });
        start.countDown();
        pings.get(20, TimeUnit.SECONDS);
        changes.get(20, TimeUnit.SECONDS);

        assertThat(sink.frames.get()).isEqualTo(1 + ROUNDS + ROUNDS);
        assertThat(sink.overlaps.get()).isZero();
    }
}
