package dev.syncpack.benchmarks;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * The WebSocket clients of one benchmark, on Jetty's core WebSocket client: it hands each frame
 * over as the bytes that arrived, so a thousand clients in one JVM read their diffs without first
 * decoding them into strings. (The JDK's client decodes every message into characters, one at a
 * time, and that was the largest part of the clients' CPU while they shared 2 cores with the
 * server.)
 */
final class SocketClients implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 4_096;
    /**
     * The clients' threads. Jetty's default pool grows to 200 under a thousand connections, and every
     * frame read then wakes one of them from the shared queue; with 8, threads more often find the
     * next frame waiting. In five alternating pairs of figure 7 runs (full mode) the 8-thread pool
     * had the lower update p99 every time (mean 105 ms against 119 ms), its JVM using 1.08 to 1.10
     * cores against 1.10 to 1.15.
     */
    private static final int MAX_THREADS = 8;
    private static final int MIN_THREADS = 2;
    private static final long MAX_MESSAGE_BYTES = 64L << 20;
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final WebSocketCoreClient client;

    private SocketClients(WebSocketCoreClient client) {
        this.client = client;
    }

    /** Starts the client's threads and selector. */
    static SocketClients start() throws Exception {
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("bench-clients");
        http.setExecutor(threads);
        WebSocketCoreClient client = new WebSocketCoreClient(http, null);
        client.start();
        return new SocketClients(client);
    }

    /**
     * @param address the socket address with its token
     * @param onMessage gets each text message's UTF-8 bytes, readable only until it returns
     * @return the connected client
     */
    SocketClient connect(URI address, Consumer<ByteBuffer> onMessage) throws Exception {
        SocketClient socket = new SocketClient(onMessage);
        CoreClientUpgradeRequest request = CoreClientUpgradeRequest.from(client, address, socket);
        Configuration.ConfigurationCustomizer limits = new Configuration.ConfigurationCustomizer();
        limits.setMaxFrameSize(MAX_MESSAGE_BYTES);
        limits.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        limits.setIdleTimeout(IDLE_TIMEOUT);
        request.setConfiguration(limits);
        request.timeout(30, TimeUnit.SECONDS);
        client.connect(request).get(60, TimeUnit.SECONDS);
        return socket;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
