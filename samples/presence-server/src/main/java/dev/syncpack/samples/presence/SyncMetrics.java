package dev.syncpack.samples.presence;

import dev.syncpack.engine.protocol.ConnectionObserver;
import dev.syncpack.spi.EngineInspection;
import dev.syncpack.spi.SyncEngine;
import dev.syncpack.spi.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Prometheus metrics: open connections, live subscriptions, presence sessions and
 * channels, mutations by name and outcome, frames and bytes sent by frame type, and refused frames
 * by error code. It is the {@link ConnectionObserver} of every connection, so each method is quick
 * and never throws.
 */
final class SyncMetrics implements ConnectionObserver {

    /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String UNKNOWN_MUTATION = "unknown";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<String> mutationNames;
    private final Map<String, FrameCounters> sentByType = new ConcurrentHashMap<>();

    /**
     * @param engine the engine whose live subscriptions are counted at each scrape
     * @param census counts presence sessions and channels at each scrape
     */
    SyncMetrics(SyncEngine engine, PresenceCensus census) {
        this.mutationNames = Set.copyOf(engine.inspect().mutations());
        Gauge.builder("syncpack.connections", connections, AtomicInteger::get)
                .description("open WebSocket connections").register(registry);
        Gauge.builder("syncpack.subscriptions", engine, SyncMetrics::liveSubscriptions).strongReference(true)
                .description("live subscriptions over every collection").register(registry);
        Gauge.builder("syncpack.presence.sessions", census, c -> c.count().sessions()).strongReference(true)
                .description("live presence sessions (one per actor, channel and device)").register(registry);
        Gauge.builder("syncpack.presence.channels", census, c -> c.count().channels()).strongReference(true)
                .description("channels with at least one live presence session").register(registry);
    }

    /** @return every metric in Prometheus text format */
    String scrape() {
        return registry.scrape();
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    @Override
    public void frameRejected(ErrorCode code) {
        Counter.builder("syncpack.frames.rejected").description("client frames answered with an error frame")
                .tag("code", code.name()).register(registry).increment();
    }

    /**
     * Counts one frame; its counters are looked up by type in a map of their own, since Micrometer's
     * builder makes and hashes a meter id on every call and a diff to a busy channel is counted once
     * per subscriber.
     */
    @Override
    public void frameSent(String type, long bytes) {
        FrameCounters counters = sentByType.computeIfAbsent(type, this::frameCounters);
        counters.frames().increment();
        counters.bytes().increment(bytes);
    }

    private FrameCounters frameCounters(String type) {
        return new FrameCounters(
                Counter.builder("syncpack.frames.sent").description("frames sent to clients")
                        .tag("type", type).register(registry),
                Counter.builder("syncpack.sent").baseUnit(BaseUnits.BYTES).description("UTF-8 bytes of the frames sent")
                        .tag("type", type).register(registry));
    }

    private record FrameCounters(Counter frames, Counter bytes) {
    }

    @Override
    public void mutationAcknowledged(String name) {
        countMutation(name, "ok");
    }

    @Override
    public void mutationRejected(String name, ErrorCode code) {
        countMutation(name, code.name());
    }

    /** Unknown names share one series, so a client cannot grow the registry by inventing names. */
    private void countMutation(String name, String outcome) {
        Counter.builder("syncpack.mutations").description("mutations run, by name and outcome (ok or an error code)")
                .tag("name", mutationNames.contains(name) ? name : UNKNOWN_MUTATION).tag("outcome", outcome)
                .register(registry).increment();
    }

    private static double liveSubscriptions(SyncEngine engine) {
        return engine.inspect().collections().stream().mapToInt(EngineInspection.CollectionInfo::subscriptions).sum();
    }
}
