package dev.syncpack.samples.presence;

import dev.syncpack.engine.InProcessSyncEngine;
import dev.syncpack.engine.protocol.ConnectionLimits;
import dev.syncpack.engine.quartz.QuartzScheduleTrigger;
import dev.syncpack.presence.PresencePack;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncPack;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import org.eclipse.jetty.server.NetworkConnector;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample presence server: the reference engine with the presence pack registered, its
 * schedules on Quartz, and Javalin serving the page, {@code /sync/ws} and the HTTP endpoints.
 *
 * <p>By default presence lives in memory and the schedules fire on a RAM scheduler: one process.
 * With {@link ServerOptions#jdbcUrl()} it lives in PostgreSQL ({@code JooqPresenceStore}), a
 * {@code PostgresClusterBus} relays every committed change to the other servers on the same
 * database and schema, and Quartz runs clustered on that database, so each cleanup tick runs on
 * one server. Starting creates the tables it needs when they are missing.
 *
 * <pre>{@code
 * try (PresenceServer server = PresenceServer.start(options, InstantSource.system())) {
 *     System.out.println("open " + server.uri());
 * }
 * }</pre>
 */
public final class PresenceServer implements AutoCloseable {

    /**
     * Jetty buffers a whole message before the protocol sees it, so it gets a hard cap (closing
     * with 1009 above it); the cap is above the protocol limit so that frames just over it get the
     * protocol's LIMIT_EXCEEDED answer and the connection stays open.
     */
    private static final int TRANSPORT_FRAME_CAP_FACTOR = 2;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceServer.class);
    private static final ConnectionLimits LIMITS = ConnectionLimits.defaults();
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Frames Jetty may queue for one slow client before its socket is dropped (1008). */
    private static final int MAX_QUEUED_FRAMES = 1024;
    /** Bytes of frames one slow client may have waiting before its socket is closed with 1013. */
    static final long MAX_QUEUED_BYTES = 1L << 20;

    private final ServerOptions options;
    private final Backend backend;
    private final InProcessSyncEngine engine;
    private final QuartzScheduleTrigger trigger;
    private final SyncSocket socket;
    private final Javalin app;
    private boolean closed;

    private PresenceServer(ServerOptions options, InstantSource clock, Backend backend, SyncPack presence)
            throws SchedulerException {
        this.options = options;
        this.backend = backend;
        InProcessSyncEngine.Builder engineBuilder = InProcessSyncEngine.builder().clock(clock)
                .diffInterval(options.diffInterval());
        backend.bus().ifPresent(engineBuilder::clusterBus);
        this.engine = engineBuilder.build();
        try {
            engine.registerPack(presence);
            this.trigger = QuartzScheduleTrigger.attach(engine, backend.scheduler());
            backend.scheduler().start();
        } catch (SchedulerException | RuntimeException e) {
            engine.close();
            throw e;
        }
        PresenceTokens tokens = new PresenceTokens(secret(options), clock);
        SyncMetrics metrics = new SyncMetrics(engine, new PresenceCensus(backend.store()));
        this.socket = new SyncSocket(engine, tokens, LIMITS, metrics, clock, MAX_QUEUED_BYTES);
        HttpRoutes routes = new HttpRoutes(engine, metrics, tokens, options, clock);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setMaxTextMessageSize(TRANSPORT_FRAME_CAP_FACTOR * LIMITS.maxFrameBytes());
                ws.setMaxBinaryMessageSize(TRANSPORT_FRAME_CAP_FACTOR * LIMITS.maxFrameBytes());
                ws.setMaxOutgoingFrames(MAX_QUEUED_FRAMES);
                ws.setIdleTimeout(options.heartbeatTtl().multipliedBy(2).plusSeconds(30));
            });
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            routes.register(cfg.routes);
            cfg.routes.ws("/sync/ws", socket::configure);
        });
    }

    /**
     * Starts a server and returns once it listens.
     *
     * @param options how to run
     * @param clock the engine's, the presence pack's and the tokens' clock
     * @return the running server
     * @throws OptionsException when the presence pack refuses the options
     * @throws IllegalStateException naming the cause when the database does not answer or cannot be
     *     set up, or when Quartz or Jetty cannot start, e.g. the port is taken
     */
    public static PresenceServer start(ServerOptions options, InstantSource clock) throws OptionsException {
        Backend backend = Backend.open(options, clock);
        SyncPack presence;
        try {
            presence = presencePack(options, backend.store(), clock);
        } catch (IllegalArgumentException e) {
            backend.close();
            throw new OptionsException(e.getMessage());
        }
        PresenceServer server;
        try {
            server = new PresenceServer(options, clock, backend, presence);
        } catch (SchedulerException | RuntimeException e) {
            backend.close();
            throw new IllegalStateException("the engine and its schedules could not start: " + e.getMessage(), e);
        }
        LOG.info("presence lives in {}", backend.description());
        try {
            server.app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("could not listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        return server;
    }

    /** @return the port the server listens on */
    public int port() {
        return app.port();
    }

    /** @return the page's address, e.g. {@code http://127.0.0.1:8080/} */
    public URI uri() {
        String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "localhost" : options.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /**
     * Shuts down gracefully: stops accepting connections, closes every socket with {@code 1001} so
     * its sessions get the reconnect grace, then stops Jetty, Quartz, the engine, and the cluster
     * bus (after it has sent what it holds) and the database pool. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (app.jettyServer().started()) {
            LOG.info("shutting down: refusing new connections, closing sockets with 1001");
            for (var connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof NetworkConnector network) {
                    network.close();
                }
            }
            try {
                socket.closeAll(CLOSE_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            app.stop();
        }
        trigger.close();
        backend.stopScheduler();
        engine.close();
        backend.close();
        LOG.info("stopped");
    }

    /** The token's user is the presence actor, its workspace the scope, its channel prefixes the gate. */
    private static SyncPack presencePack(ServerOptions options, PresenceStore store, InstantSource clock) {
        return PresencePack.builder()
                .actorId(ctx -> ctx.stringAttribute(TokenClaims.USER_ID))
                .scope(ctx -> ctx.stringAttribute(TokenClaims.WORKSPACE))
                .canAccessChannel(TokenClaims::canAccessChannel)
                .store(store)
                .heartbeatTtl(options.heartbeatTtl())
                .reconnectGrace(options.reconnectGrace())
                .typingTtl(options.typingTtl())
                .cleanupCron(options.cleanupCron())
                .clock(clock)
                .build();
    }

    private static byte[] secret(ServerOptions options) {
        return options.tokenSecret().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
    }
}
