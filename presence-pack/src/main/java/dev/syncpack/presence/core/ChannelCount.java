package dev.syncpack.presence.core;

/**
 * How many are live in one channel.
 *
 * @param sessions live sessions
 * @param actors distinct actors among them
 */
public record ChannelCount(int sessions, int actors) {

    /** Nobody. */
    public static final ChannelCount EMPTY = new ChannelCount(0, 0);

    /**
     * Checks the counts.
     *
     * @throws IllegalArgumentException when a count is negative or there are more actors than sessions
     */
    public ChannelCount {
        if (sessions < 0 || actors < 0 || actors > sessions) {
            throw new IllegalArgumentException("need 0 <= actors <= sessions, was " + actors + " actors in "
                    + sessions + " sessions");
        }
    }
}
