package dev.syncpack.presence.core;

import java.util.Locale;

/** How recently a session's user did something, derived on the server from its last activity. */
public enum Activity {
    /** Active within {@code idleAfter}. */
    ACTIVE,
    /** Inactive for at least {@code idleAfter} but less than {@code awayAfter}. */
    IDLE,
    /** Inactive for at least {@code awayAfter}. */
    AWAY;

    /**
     * The name rows carry.
     *
     * @return {@code active}, {@code idle} or {@code away}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads an activity back from its row name.
     *
     * @param wireName {@code active}, {@code idle} or {@code away}
     * @return the activity
     * @throws IllegalArgumentException for any other name
     */
    public static Activity fromWireName(String wireName) {
        for (Activity activity : values()) {
            if (activity.wireName().equals(wireName)) {
                return activity;
            }
        }
        throw new IllegalArgumentException("activity must be active, idle or away, was " + wireName);
    }
}
