package dev.syncpack.samples.presence;

import dev.syncpack.spi.SyncContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a token speaks for: a user in a workspace (the presence scope), the name to show, until when,
 * and optionally which channels it may use.
 *
 * @param userId the user, the presence actor
 * @param workspace the workspace, the presence scope; two workspaces never see each other
 * @param name the display name
 * @param expiresAt when the token stops being accepted
 * @param channelPrefixes the channel prefixes the token may use; empty allows every channel
 */
record TokenClaims(String userId, String workspace, String name, Instant expiresAt, List<String> channelPrefixes) {

    static final int MAX_ID_LENGTH = 64;
    static final int MAX_CHANNEL_PREFIXES = 20;
    static final int MAX_CHANNEL_PREFIX_LENGTH = 200;

    static final String USER_ID = "userId";
    static final String WORKSPACE = "workspaceId";
    static final String NAME = "name";
    static final String CHANNEL_PREFIXES = "channelPrefixes";

    /**
     * @throws IllegalArgumentException naming the field that is blank, too long or has too many entries
     */
    TokenClaims {
        requireText("user", userId);
        requireText("workspace", workspace);
        requireText("name", name);
        Objects.requireNonNull(expiresAt, "expiresAt");
        channelPrefixes = List.copyOf(channelPrefixes);
        if (channelPrefixes.size() > MAX_CHANNEL_PREFIXES) {
            throw new IllegalArgumentException("channels may list at most " + MAX_CHANNEL_PREFIXES + " prefixes, had "
                    + channelPrefixes.size());
        }
        for (String prefix : channelPrefixes) {
            if (prefix.isBlank() || prefix.length() > MAX_CHANNEL_PREFIX_LENGTH) {
                throw new IllegalArgumentException("each channel prefix must be 1 to " + MAX_CHANNEL_PREFIX_LENGTH
                        + " characters, one was \"" + prefix + "\"");
            }
        }
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " must be 1 to " + MAX_ID_LENGTH + " characters, was \""
                    + value + "\"");
        }
    }

    /**
     * @param connectionId the socket's id
     * @return the context the engine and the presence pack see for this caller
     */
    SyncContext toContext(String connectionId) {
        return SyncContext.of(connectionId, Map.of(USER_ID, userId, WORKSPACE, workspace, NAME, name,
                CHANNEL_PREFIXES, channelPrefixes));
    }

    /**
     * The presence pack's {@code canAccessChannel}: a channel is open to a caller whose token lists no
     * prefixes, or one of whose prefixes starts the channel name.
     *
     * @param channel the channel
     * @param ctx the caller, as {@link #toContext} made it
     * @return true when the caller may use the channel
     */
    static boolean canAccessChannel(String channel, SyncContext ctx) {
        if (!(ctx.attributes().get(CHANNEL_PREFIXES) instanceof List<?> prefixes)) {
            return false;
        }
        return prefixes.isEmpty() || prefixes.stream().anyMatch(prefix -> channel.startsWith((String) prefix));
    }
}
