package dev.syncpack.samples.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncpack.spi.SyncEngine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The plain HTTP endpoints: {@code /health}, {@code /metrics}, {@code /sync/inspect} and {@code /api/dev-token}. */
final class HttpRoutes {

    static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(8);
    static final Duration MAX_TOKEN_TTL = Duration.ofDays(1);

    private final SyncEngine engine;
    private final SyncMetrics metrics;
    private final PresenceTokens tokens;
    private final ServerOptions options;
    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper();

    HttpRoutes(SyncEngine engine, SyncMetrics metrics, PresenceTokens tokens, ServerOptions options,
               InstantSource clock) {
        this.engine = engine;
        this.metrics = metrics;
        this.tokens = tokens;
        this.options = options;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/health", ctx -> json(ctx, 200, Map.of("status", "ok")));
        routes.get("/metrics", ctx -> ctx.contentType(SyncMetrics.CONTENT_TYPE).result(metrics.scrape()));
        routes.get("/sync/inspect", this::inspect);
        routes.get("/api/dev-token", this::devToken);
    }

    private void inspect(Context ctx) throws JsonProcessingException {
        if (!options.devTokens()) {
            if (options.adminToken().isEmpty()) {
                error(ctx, 403, "/sync/inspect is off: start the server with --admin-token, or without --no-dev-tokens");
                return;
            }
            if (!bearerMatches(ctx.header("Authorization"), options.adminToken().get())) {
                ctx.header("WWW-Authenticate", "Bearer");
                error(ctx, 401, "/sync/inspect needs the header Authorization: Bearer <the --admin-token>");
                return;
            }
        }
        json(ctx, 200, engine.inspect());
    }

    private void devToken(Context ctx) throws JsonProcessingException {
        if (!options.devTokens()) {
            error(ctx, 403, "dev tokens are off (--no-dev-tokens): bring a token signed with the server's token secret");
            return;
        }
        String user = ctx.queryParam("user");
        String workspace = ctx.queryParam("workspace");
        if (user == null || workspace == null) {
            error(ctx, 400, "user and workspace are required, e.g. /api/dev-token?user=ada&workspace=acme");
            return;
        }
        Optional<Duration> ttl = ttl(ctx.queryParam("ttl"));
        if (ttl.isEmpty()) {
            error(ctx, 400, "ttl must be whole seconds from 1 to " + MAX_TOKEN_TTL.toSeconds() + ", was \""
                    + ctx.queryParam("ttl") + "\"");
            return;
        }
        TokenClaims claims;
        try {
            claims = new TokenClaims(user.trim(), workspace.trim(), Optional.ofNullable(ctx.queryParam("name"))
                    .map(String::trim).orElse(user.trim()), clock.instant().plus(ttl.get()),
                    channels(ctx.queryParam("channels")));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        json(ctx, 200, Map.of("token", tokens.sign(claims), "expiresAt", claims.expiresAt().toEpochMilli()));
    }

    private static Optional<Duration> ttl(String seconds) {
        if (seconds == null) {
            return Optional.of(DEFAULT_TOKEN_TTL);
        }
        try {
            Duration ttl = Duration.ofSeconds(Long.parseLong(seconds.trim()));
            return ttl.isPositive() && ttl.compareTo(MAX_TOKEN_TTL) <= 0 ? Optional.of(ttl) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> channels(String list) {
        return list == null ? List.of()
                : Arrays.stream(list.split(",")).map(String::trim).filter(prefix -> !prefix.isEmpty()).toList();
    }

    private static boolean bearerMatches(String header, String expected) {
        String prefix = "Bearer ";
        return header != null && header.startsWith(prefix) && MessageDigest.isEqual(
                header.substring(prefix.length()).getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private void error(Context ctx, int status, String message) throws JsonProcessingException {
        json(ctx, status, Map.of("error", message));
    }

    private void json(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
    }
}
