package dev.syncpack.presence;

import dev.syncpack.presence.core.SessionKey;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.error.UnauthorizedException;
import java.util.Objects;
import java.util.Optional;

/**
 * Who runs a presence mutation or subscribes, as the host's functions read it from the context.
 * Every key a caller touches is built from these, never from arguments, so a caller only ever
 * writes its own sessions in its own scope.
 *
 * @param scope the tenant, or ""
 * @param actorId the actor
 */
record Caller(String scope, String actorId) {

    /**
     * @param config the functions that read the context
     * @param ctx the caller's context
     * @param action what the caller is doing, for the message, e.g. a prefixed mutation name
     * @return the caller
     * @throws UnauthorizedException when the actorId function returns no actor id
     */
    static Caller of(PresenceConfig config, SyncContext ctx, String action) {
        Optional<String> actorId = nonBlank(config.actorId().apply(ctx));
        if (actorId.isEmpty()) {
            throw new UnauthorizedException(action + ": the caller has no actor: the host's actorId(ctx) function "
                    + "returned no actor id for connection \"" + ctx.connectionId()
                    + "\"; sign the caller in before it uses presence");
        }
        return new Caller(scopeOf(config, ctx), actorId.get());
    }

    /**
     * @param config the functions that read the context
     * @param ctx a caller's context
     * @return the caller's tenant, or "" when the scope function returns none
     */
    static String scopeOf(PresenceConfig config, SyncContext ctx) {
        return nonBlank(config.scope().apply(ctx)).orElse("");
    }

    /**
     * @param channel the channel
     * @param sessionId the session
     * @return the key of that session of this caller
     */
    SessionKey session(String channel, String sessionId) {
        return new SessionKey(scope, channel, actorId, sessionId);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return Objects.requireNonNullElse(value, Optional.<String>empty()).filter(s -> !s.isBlank());
    }
}
