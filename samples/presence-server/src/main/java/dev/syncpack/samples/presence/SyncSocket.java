package dev.syncpack.samples.presence;

import dev.syncpack.engine.protocol.ConnectionLimits;
import dev.syncpack.engine.protocol.FrameSink;
import dev.syncpack.engine.protocol.SyncConnection;
import dev.syncpack.samples.presence.PresenceTokens.Verification;
import dev.syncpack.spi.SyncEngine;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin side of {@code /sync/ws}: checks the token when a socket opens, then hands every
 * message to the socket's {@link SyncConnection} and closes it when the socket closes.
 */
final class SyncSocket {

    /** The close code for a missing, forged or expired token. */
    static final int UNAUTHORIZED = 4401;
    /** The close code for a server going down ("going away"). */
    static final int GOING_AWAY = 1001;
    /** The close code for a client that reads too slowly ("try again later"). */
    static final int TOO_SLOW = 1013;
    /** How long a dropped socket has to take its close frame before it is cut without one. */
    static final Duration TOO_SLOW_CLOSE_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(SyncSocket.class);

    private final SyncEngine engine;
    private final PresenceTokens tokens;
    private final ConnectionLimits limits;
    private final SyncMetrics metrics;
    private final InstantSource clock;
    private final long maxQueuedBytes;
    /** Open sockets by Javalin's socket id; also the monitor {@link #closeAll} waits on. */
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private volatile boolean closing;

    private record Open(Session session, SyncConnection connection) {
    }

    /**
     * @param maxQueuedBytes the most UTF-8 bytes of frames one socket may have waiting to be written
     *     before it is closed with {@value #TOO_SLOW}; a single frame is always let through when
     *     nothing else waits
     */
    SyncSocket(SyncEngine engine, PresenceTokens tokens, ConnectionLimits limits, SyncMetrics metrics,
               InstantSource clock, long maxQueuedBytes) {
        this.engine = engine;
        this.tokens = tokens;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    void configure(WsConfig ws) {
        ws.onConnect(this::open);
        ws.onMessage(ctx -> connection(ctx).ifPresent(c -> c.onText(ctx.message())));
        ws.onBinaryMessage(ctx -> connection(ctx).ifPresent(c -> c.onBinary(bytes(ctx.data()))));
        ws.onClose(ctx -> closed(ctx.sessionId()));
        ws.onError(ctx -> LOG.debug("socket {} failed", ctx.sessionId(), ctx.error()));
    }

    private void open(WsConnectContext ctx) {
        if (closing) {
            ctx.closeSession(GOING_AWAY, "server shutting down");
            return;
        }
        switch (tokens.verify(ctx.queryParam("token"))) {
            case Verification.Refused refused -> ctx.closeSession(UNAUTHORIZED, refused.reason());
            case Verification.Accepted accepted -> {
                SyncConnection connection = SyncConnection.builder(engine,
                                accepted.claims().toContext(ctx.sessionId()), new JettySink(ctx.session, maxQueuedBytes), clock)
                        .limits(limits).observer(metrics).build();
                open.put(ctx.sessionId(), new Open(ctx.session, connection));
                metrics.connectionOpened();
                if (closing) {
                    ctx.closeSession(GOING_AWAY, "server shutting down");
                }
            }
        }
    }

    private Optional<SyncConnection> connection(WsContext ctx) {
        return Optional.ofNullable(open.get(ctx.sessionId())).map(Open::connection);
    }

    private void closed(String socketId) {
        Open socket = open.remove(socketId);
        if (socket != null) {
            socket.connection().close();
            metrics.connectionClosed();
            synchronized (open) {
                open.notifyAll();
            }
        }
    }

    /**
     * Refuses new sockets, closes every open one with {@value #GOING_AWAY} and waits for them to
     * close; sockets still open at the deadline have their connections closed here, so every
     * session gets its reconnect grace either way.
     *
     * @param timeout how long to wait for the close handshakes
     * @throws InterruptedException when interrupted while waiting; the sockets are closing anyway
     */
    void closeAll(Duration timeout) throws InterruptedException {
        closing = true;
        open.values().forEach(socket -> socket.session().close(GOING_AWAY, "server shutting down", Callback.NOOP));
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (open) {
            for (long left = timeout.toNanos(); !open.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(open, left);
            }
        }
        open.keySet().forEach(this::closed);
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return bytes;
    }

    /**
     * Queues frames with Jetty's asynchronous send and counts the bytes still waiting to be written.
     * A client that reads so slowly that more than {@code maxQueuedBytes} wait (beyond the one frame
     * always let through) is closed with {@value #TOO_SLOW}; frames for it are dropped from then on,
     * and {@link #TOO_SLOW_CLOSE_WAIT} later the socket is cut, whether or not the close got through. A
     * send that fails (the socket broke, or Jetty's frame queue is full) closes the socket with 1008.
     * Either way the view has a gap, so the client reconnects and resumes with {@code since}; other
     * clients never wait for this one, since nothing here blocks.
     */
    private static final class JettySink implements FrameSink {
        private final Session session;
        private final CoreSession frames;
        private final long maxQueuedBytes;
        private final AtomicLong queuedBytes = new AtomicLong();
        private volatile boolean dropped;

        /**
         * @throws IllegalStateException when the session is not Jetty's own, so frames cannot be sent
         *     from their encoded bytes
         */
        JettySink(Session session, long maxQueuedBytes) {
            if (!(session instanceof WebSocketSession jetty)) {
                throw new IllegalStateException("expected Jetty's WebSocketSession, got " + session.getClass().getName()
                        + "; the sample server runs on Javalin's Jetty 12");
            }
            this.session = session;
            this.frames = jetty.getCoreSession();
            this.maxQueuedBytes = maxQueuedBytes;
        }

        @Override
        public void send(String text) {
            send(text, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }

        /** Sends the bytes the connection encoded, which every subscriber of a diff shares, as a text frame. */
        @Override
        public void send(String text, ByteBuffer utf8) {
            if (dropped) {
                return;
            }
            long bytes = utf8.remaining();
            long queued = queuedBytes.addAndGet(bytes);
            if (queued > maxQueuedBytes && queued > bytes) {
                queuedBytes.addAndGet(-bytes);
                LOG.info("closing a socket that reads too slowly: {} bytes wait to be written, over the limit of {}",
                        queued - bytes, maxQueuedBytes);
                drop(TOO_SLOW, "reading too slowly; reconnect");
                return;
            }
            frames.sendFrame(new Frame(OpCode.TEXT).setPayload(utf8),
                    org.eclipse.jetty.util.Callback.from(() -> queuedBytes.addAndGet(-bytes), failure -> {
                        queuedBytes.addAndGet(-bytes);
                        if (!dropped) {
                            LOG.info("dropping a socket whose frame could not be sent: {}", failure.toString());
                            drop(SyncConnection.POLICY_VIOLATION, "frames could not be delivered; reconnect");
                        }
                    }), false);
        }

        /** Sends nothing more, closes with {@code code}, and cuts the socket if the close cannot get through. */
        private void drop(int code, String reason) {
            dropped = true;
            session.close(code, reason, Callback.NOOP);
            CompletableFuture.delayedExecutor(TOO_SLOW_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(session::disconnect);
        }

        @Override
        public void close(int code, String reason) {
            session.close(code, reason, Callback.NOOP);
        }
    }
}
