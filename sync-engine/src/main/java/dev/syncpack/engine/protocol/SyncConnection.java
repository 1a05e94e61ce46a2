package dev.syncpack.engine.protocol;

import dev.syncpack.engine.protocol.ServerFrame.AckFrame;
import dev.syncpack.engine.protocol.ServerFrame.ErrorFrame;
import dev.syncpack.engine.protocol.ServerFrame.PongFrame;
import dev.syncpack.engine.protocol.ServerFrame.RejectFrame;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncEngine;
import dev.syncpack.spi.error.BadFrameException;
import dev.syncpack.spi.error.ConflictException;
import dev.syncpack.spi.error.ErrorCode;
import dev.syncpack.spi.error.InternalException;
import dev.syncpack.spi.error.LimitExceededException;
import dev.syncpack.spi.error.NotFoundException;
import dev.syncpack.spi.error.SyncException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection speaking the sync wire protocol: JSON text frames in, JSON text frames out
 * through a {@link FrameSink}, with the {@link SyncEngine} behind it. Any WebSocket server adapts to
 * it in a few lines: build one when a socket opens, hand it every message with {@link #onText} or
 * {@link #onBinary}, and call {@link #close()} when the socket closes.
 *
 * <p>Guarantees: a subscription's snapshot precedes its diffs; a mutation's diffs reach this
 * connection's subscriptions before its {@code ack} (unless the engine coalesces diffs: then they
 * follow within its interval); after {@code unsubscribe} no frame of that
 * subscription follows; frames never interleave. A malformed frame is answered with an {@code error}
 * frame ({@code BAD_FRAME}) and the connection stays open. Frames over the size, rate or JSON limits
 * of {@link ConnectionLimits} are answered with {@code LIMIT_EXCEEDED}, and
 * {@link ConnectionLimits#maxViolationsInRow()} of them in a row close the socket with
 * {@value #POLICY_VIOLATION}.
 *
 * <p>Threads: frames are handled one at a time, on the caller's thread (concurrent calls wait);
 * {@link #close()} waits for the frame being handled, e.g. a running mutation. Subscription frames are
 * sent from the engine's threads.
 */
public final class SyncConnection implements AutoCloseable {

    /** The WebSocket close code for a connection that kept breaking its limits. */
    public static final int POLICY_VIOLATION = 1008;

    private static final Logger LOG = LoggerFactory.getLogger(SyncConnection.class);

    private final SyncEngine engine;
    private final SyncContext ctx;
    private final FrameSink sink;
    private final ConnectionLimits limits;
    private final ConnectionObserver observer;
    private final Outbox outbox;
    private final JsonFrameParser parser;
    private final FrameLimiter limiter;
    /** Held while a frame is handled and while closing: the engine is only called under it. */
    private final ReentrantLock inbound = new ReentrantLock();
    /** Guarded by {@link #inbound}. */
    private final Map<String, LiveSubscription> subscriptions = new HashMap<>();
    /** Guarded by {@link #inbound}. */
    private boolean closed;

    private SyncConnection(Builder builder) {
        this.engine = builder.engine;
        this.ctx = builder.ctx;
        this.sink = builder.sink;
        this.limits = builder.limits == null ? ConnectionLimits.defaults() : builder.limits;
        this.observer = builder.observer == null ? ConnectionObserver.NONE : builder.observer;
        this.outbox = new Outbox(sink, observer, ctx.connectionId());
        this.parser = new JsonFrameParser(limits);
        this.limiter = new FrameLimiter(limits, builder.clock);
    }

    /**
     * Starts a connection with {@link ConnectionLimits#defaults()} and no observer.
     *
     * @param engine the engine
     * @param ctx who the client is, resolved once when the socket opened
     * @param sink the socket
     * @param clock the time the rate limit is measured in
     * @return a builder
     * @throws NullPointerException when an argument is null
     */
    public static Builder builder(SyncEngine engine, SyncContext ctx, FrameSink sink, InstantSource clock) {
        return new Builder(engine, ctx, sink, clock);
    }

    /**
     * Handles one text frame and answers it through the sink. Never throws for anything the client
     * sent; does nothing after {@link #close()}.
     *
     * @param frame the frame's text
     */
    public void onText(String frame) {
        receive(Utf8.encodedLength(frame), () -> handleText(frame));
    }

    /**
     * Answers a binary frame with {@code BAD_FRAME}: only JSON text frames are supported. Binary frames
     * count against the size and rate limits like text frames.
     *
     * @param data the frame's bytes
     */
    public void onBinary(byte[] data) {
        receive(data.length, () -> {
            limiter.withinLimits();
            replyError(Correlation.NONE, new BadFrameException("binary frames are not supported; send JSON text frames"));
        });
    }

    /**
     * Closes every subscription, then tells the engine the connection closed. Idempotent: only the
     * first call does anything; later frames are ignored and nothing more is sent. Does not close the
     * socket; call it when the socket closed.
     */
    @Override
    public void close() {
        inbound.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            outbox.close();
            subscriptions.values().forEach(LiveSubscription::close);
            subscriptions.clear();
            try {
                engine.connectionClosed(ctx);
            } catch (RuntimeException e) {
                LOG.error("the engine failed to handle the close of connection {}", ctx.connectionId(), e);
            }
        } finally {
            inbound.unlock();
        }
    }

    private void receive(long bytes, Runnable handler) {
        inbound.lock();
        try {
            if (!closed) {
                limiter.admit(bytes).ifPresentOrElse(this::refuse, handler);
            }
        } finally {
            inbound.unlock();
        }
    }

    private void handleText(String text) {
        Map<String, Object> json;
        try {
            json = parser.parseObject(text);
        } catch (LimitExceededException e) {
            refuse(e);
            return;
        } catch (BadFrameException e) {
            limiter.withinLimits();
            replyError(Correlation.NONE, e);
            return;
        }
        limiter.withinLimits();
        ClientFrame frame;
        try {
            frame = FrameDecoder.decode(json);
        } catch (BadFrameException e) {
            replyError(FrameDecoder.correlationOf(json), e);
            return;
        }
        switch (frame) {
            case ClientFrame.Subscribe subscribe -> subscribe(subscribe);
            case ClientFrame.Unsubscribe unsubscribe -> unsubscribe(unsubscribe);
            case ClientFrame.Mutate mutate -> mutate(mutate);
            case ClientFrame.Ping ping -> outbox.send(new PongFrame());
        }
    }

    private void subscribe(ClientFrame.Subscribe request) {
        Correlation about = new Correlation.Subscription(request.id());
        if (subscriptions.containsKey(request.id())) {
            replyError(about, new ConflictException("subscription id \"" + request.id()
                    + "\" is already in use on this connection; unsubscribe it first or choose another id"));
            return;
        }
        if (subscriptions.size() >= limits.maxSubscriptions()) {
            replyError(about, new LimitExceededException("this connection already holds " + limits.maxSubscriptions()
                    + " subscriptions, its maxSubscriptions limit; unsubscribe one before subscribing \""
                    + request.id() + "\""));
            return;
        }
        LiveSubscription live = new LiveSubscription(request.id(), request.patches(), outbox, ctx.connectionId());
        try {
            live.attach(engine.subscribe(request.collection(), request.params(), ctx, request.since(), live));
            subscriptions.put(request.id(), live);
        } catch (RuntimeException e) {
            live.stop();
            replyError(about, forClient("subscribing to collection \"" + request.collection() + "\"", e));
        }
    }

    private void unsubscribe(ClientFrame.Unsubscribe request) {
        LiveSubscription live = subscriptions.remove(request.id());
        if (live == null) {
            replyError(new Correlation.Subscription(request.id()), new NotFoundException("no subscription \""
                    + request.id() + "\" on this connection; it was never subscribed or is already unsubscribed"));
            return;
        }
        live.close();
    }

    private void mutate(ClientFrame.Mutate request) {
        Object result;
        try {
            result = engine.runMutation(request.name(), request.args(), ctx);
        } catch (RuntimeException e) {
            reject(request, forClient("mutation \"" + request.name() + "\"", e));
            return;
        }
        AckFrame ack = new AckFrame(request.mutationId(), result);
        String text;
        try {
            text = FrameWriter.write(ack);
        } catch (UncheckedIOException e) {
            LOG.error("mutation {} ran on connection {} but its result could not be written as JSON",
                    request.name(), ctx.connectionId(), e);
            reject(request, new InternalException("mutation \"" + request.name()
                    + "\" ran, but the server could not write its result as JSON (the server logged why)"));
            return;
        }
        outbox.send(ack.type(), text);
        observer.mutationAcknowledged(request.name());
    }

    private void reject(ClientFrame.Mutate request, SyncException error) {
        outbox.send(new RejectFrame(request.mutationId(), error.code(), error.getMessage()));
        observer.mutationRejected(request.name(), error.code());
    }

    /** Passes a SyncException's code and message on, except INTERNAL ones, whose details stay in the log. */
    private SyncException forClient(String what, RuntimeException error) {
        if (error instanceof SyncException sync && sync.code() != ErrorCode.INTERNAL) {
            return sync;
        }
        LOG.error("{} failed on connection {}", what, ctx.connectionId(), error);
        return new InternalException(what + " failed inside the server; the server logged the cause");
    }

    private void refuse(LimitExceededException violation) {
        replyError(Correlation.NONE, violation);
        if (limiter.violated()) {
            LOG.info("closing connection {} with {}: {} frames in a row broke its limits",
                    ctx.connectionId(), POLICY_VIOLATION, limits.maxViolationsInRow());
            close();
            try {
                sink.close(POLICY_VIOLATION, limits.maxViolationsInRow() + " frames in a row broke the connection's limits");
            } catch (RuntimeException e) {
                LOG.warn("closing the socket of connection {} failed", ctx.connectionId(), e);
            }
        }
    }

    private void replyError(Correlation about, SyncException error) {
        outbox.send(new ErrorFrame(about, error.code(), error.getMessage()));
        observer.frameRejected(error.code());
    }

    /** Builds a {@link SyncConnection}; each option may be set once. */
    public static final class Builder {
        private final SyncEngine engine;
        private final SyncContext ctx;
        private final FrameSink sink;
        private final InstantSource clock;
        private ConnectionLimits limits;
        private ConnectionObserver observer;

        private Builder(SyncEngine engine, SyncContext ctx, FrameSink sink, InstantSource clock) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.ctx = Objects.requireNonNull(ctx, "ctx");
            this.sink = Objects.requireNonNull(sink, "sink");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /**
         * @param limits the limits, instead of {@link ConnectionLimits#defaults()}
         * @return this
         * @throws NullPointerException when {@code limits} is null
         * @throws IllegalStateException when limits were already set
         */
        public Builder limits(ConnectionLimits limits) {
            Objects.requireNonNull(limits, "limits");
            if (this.limits != null) {
                throw new IllegalStateException("limits were already set to " + this.limits);
            }
            this.limits = limits;
            return this;
        }

        /**
         * @param observer hears frames and mutations, for metrics
         * @return this
         * @throws NullPointerException when {@code observer} is null
         * @throws IllegalStateException when an observer was already set
         */
        public Builder observer(ConnectionObserver observer) {
            Objects.requireNonNull(observer, "observer");
            if (this.observer != null) {
                throw new IllegalStateException("observer was already set to " + this.observer);
            }
            this.observer = observer;
            return this;
        }

        /** @return a connection ready for frames */
        public SyncConnection build() {
            return new SyncConnection(this);
        }
    }
}
