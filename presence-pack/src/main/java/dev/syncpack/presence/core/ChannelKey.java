package dev.syncpack.presence.core;

import java.util.Objects;

/**
 * One channel of one tenant: the unit presence is listed, counted and partitioned by.
 *
 * @param scope the tenant, or {@code ""} when the host configured none
 * @param channel the channel
 */
public record ChannelKey(String scope, String channel) {

    /**
     * Checks the parts.
     *
     * @throws NullPointerException when a part is null
     */
    public ChannelKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(channel, "channel");
    }

    /**
     * An id for rows about this channel, such as its stats row.
     *
     * @return an opaque id derived injectively from the scope and channel
     */
    public String rowId() {
        return RowIds.join(scope, channel);
    }

    /** Written out, as {@link SessionKey#hashCode()} is, for the store's lookup on every write. */
    @Override
    public int hashCode() {
        return 31 * scope.hashCode() + channel.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || other instanceof ChannelKey key && channel.equals(key.channel) && scope.equals(key.scope);
    }
}
