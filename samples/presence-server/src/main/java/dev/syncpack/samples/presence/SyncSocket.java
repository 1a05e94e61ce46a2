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
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    /** How long a socket the server closes has to take its close frame before it is cut without one. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** How long a client must have sent nothing before the server sends it a close frame. */
    static final Duration QUIET_BEFORE_CLOSE = Duration.ofMillis(250);
    /** The longest the server waits for that quiet before it closes a client that keeps sending. */
    static final Duration MAX_WAIT_FOR_QUIET = Duration.ofSeconds(2);

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

    private record Open(SyncConnection connection, JettySink sink) {
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
        ws.onMessage(ctx -> received(ctx).ifPresent(c -> c.onText(ctx.message())));
        ws.onBinaryMessage(ctx -> received(ctx).ifPresent(c -> c.onBinary(bytes(ctx.data()))));
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
                JettySink sink = new JettySink(ctx.session, maxQueuedBytes);
                SyncConnection connection = SyncConnection.builder(engine,
                                accepted.claims().toContext(ctx.sessionId()), sink, clock)
                        .limits(limits).observer(metrics).build();
                open.put(ctx.sessionId(), new Open(connection, sink));
                metrics.connectionOpened();
                if (closing) {
                    ctx.closeSession(GOING_AWAY, "server shutting down");
                }
            }
        }
    }

    /** Notes that the socket's client sent a frame; returns the socket's connection while it is open. */
    private Optional<SyncConnection> received(WsContext ctx) {
        Open socket = open.get(ctx.sessionId());
        if (socket == null) {
            return Optional.empty();
        }
        socket.sink().received();
        return Optional.of(socket.connection());
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
     * Refuses new sockets, closes every open one with {@value #GOING_AWAY} (each once its client is
     * quiet, see {@link JettySink#close}) and waits for them to close; sockets still open at the
     * deadline have their connections closed here, so every session gets its reconnect grace either way.
     *
     * @param timeout how long to wait for the close handshakes
     * @throws InterruptedException when interrupted while waiting; the sockets are closing anyway
     */
    void closeAll(Duration timeout) throws InterruptedException {
        closing = true;
        open.values().forEach(socket -> socket.sink().close(GOING_AWAY, "server shutting down"));
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (open) {
            for (long left = timeout.toNanos(); !open.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(open, left);
            }
        }
        open.keySet().forEach(this::closed);
    }

    /**
     * How long a socket the server closes still waits for its close frame: until the client has sent
     * nothing for {@link #QUIET_BEFORE_CLOSE}, and no later than the deadline. Times are
     * {@link System#nanoTime()} readings, compared by difference.
     *
     * @param nowNanos the time now
     * @param receivedAtNanos when the client's last frame arrived
     * @param deadlineNanos when the close frame goes even if the client is still sending
     * @return the nanoseconds left to wait; zero or less to close now
     */
    static long nanosBeforeClose(long nowNanos, long receivedAtNanos, long deadlineNanos) {
        return Math.min(receivedAtNanos + QUIET_BEFORE_CLOSE.toNanos() - nowNanos, deadlineNanos - nowNanos);
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return bytes;
    }

    /**
     * Queues frames with Jetty's asynchronous send and counts the bytes still waiting to be written.
     * A client that reads so slowly that more than {@code maxQueuedBytes} wait (beyond the one frame
     * always let through) is closed with {@value #TOO_SLOW}, and frames for it are dropped from then on.
     * A send that fails (the socket broke, or Jetty's frame queue is full) closes the socket with 1008.
     * Either way the view has a gap, so the client reconnects and resumes with {@code since}; other
     * clients never wait for this one, since nothing here blocks.
     */
    private static final class JettySink implements FrameSink {
        private final Session session;
        private final CoreSession frames;
        private final long maxQueuedBytes;
        private final AtomicLong queuedBytes = new AtomicLong();
        private final AtomicBoolean closeRequested = new AtomicBoolean();
        private volatile boolean dropped;
        private volatile long receivedAtNanos = System.nanoTime();

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

        /** Notes that the client sent a frame. */
        void received() {
            receivedAtNanos = System.nanoTime();
        }

        /** Sends nothing more and closes with {@code code}. */
        private void drop(int code, String reason) {
            dropped = true;
            close(code, reason);
        }

        /**
         * Sends the close frame once the client has sent nothing for {@link #QUIET_BEFORE_CLOSE}, or
         * after {@link #MAX_WAIT_FOR_QUIET} at the latest, and cuts the socket {@link #CLOSE_WAIT} after
         * that if the close cannot get through. Only the first call does anything.
         *
         * <p>The wait is there because Jetty ends the TCP connection as soon as it has written a close
         * frame with a code such as 1008, 1013 or 1001. Frames the client is still sending would then
         * meet a closed socket and be answered with a reset; a client whose write fails that way (the
         * JDK's does) stops reading and loses what it had not read yet: the refusals that explain the
         * close, and the close frame itself.
         */
        @Override
        public void close(int code, String reason) {
            if (closeRequested.compareAndSet(false, true)) {
                closeOnceQuiet(code, reason, System.nanoTime() + MAX_WAIT_FOR_QUIET.toNanos());
            }
        }

        private void closeOnceQuiet(int code, String reason, long deadlineNanos) {
            long wait = nanosBeforeClose(System.nanoTime(), receivedAtNanos, deadlineNanos);
            if (wait > 0) {
                after(wait).execute(() -> closeOnceQuiet(code, reason, deadlineNanos));
            } else {
                session.close(code, reason, Callback.NOOP);
                after(CLOSE_WAIT.toNanos()).execute(session::disconnect);
            }
        }

        private static Executor after(long nanos) {
            return CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
