package dev.syncpack.samples.presence;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the sample server runs, as {@link OptionsParser} reads it from the command line and the
 * environment.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param jdbcUrl a {@code jdbc:postgresql:} URL (user and password may be its parameters) for the
 *     PostgreSQL store, cluster bus and clustered Quartz, or empty for the in-memory store
 * @param heartbeatTtl how long a presence session lives after its last heartbeat
 * @param reconnectGrace how long the sessions of a closed socket stay
 * @param typingTtl how long {@code typing: true} lasts
 * @param cleanupCron the Quartz cron of the durable cleanup sweep
 * @param tokenSecret the HMAC key tokens are signed with, or empty to make a random one per start
 * @param devTokens whether {@code /api/dev-token} mints tokens and {@code /sync/inspect} is open
 * @param adminToken the bearer token {@code /sync/inspect} accepts, or empty
 * @param diffInterval how long the engine collects a channel's changes into one diff for its
 *     subscribers; zero sends each change as it commits
 */
public record ServerOptions(String host, int port, Optional<String> jdbcUrl, Duration heartbeatTtl,
                            Duration reconnectGrace, Duration typingTtl, String cleanupCron,
                            Optional<String> tokenSecret, boolean devTokens, Optional<String> adminToken,
                            Duration diffInterval) {

    /** The port when none is given. */
    public static final int DEFAULT_PORT = 8080;
    /** The address when none is given: this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** @throws NullPointerException when a component is null */
    public ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(heartbeatTtl, "heartbeatTtl");
        Objects.requireNonNull(reconnectGrace, "reconnectGrace");
        Objects.requireNonNull(typingTtl, "typingTtl");
        Objects.requireNonNull(cleanupCron, "cleanupCron");
        Objects.requireNonNull(tokenSecret, "tokenSecret");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(diffInterval, "diffInterval");
    }

    /**
     * @return the options of a plain start: 127.0.0.1:8080, in-memory store, the presence pack's
     *     default times, dev tokens on, a random token secret, no admin token, diffs at most every
     *     10 ms
     */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(5), "0/15 * * * * ?", Optional.empty(), true,
                Optional.empty(), Duration.ofMillis(10));
    }
}
