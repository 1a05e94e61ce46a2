package dev.syncpack.presence.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The times and limits the presence rules apply.
 *
 * @param heartbeatTtl how long a session lives after its last heartbeat; positive
 * @param typingTtl how long {@code typing: true} lasts before the server clears it; positive
 * @param reconnectGrace how long a closed connection's sessions stay; zero or positive, at most
 *     {@code heartbeatTtl}
 * @param idleAfter inactivity after which a session is idle; positive, shorter than {@code awayAfter}
 * @param awayAfter inactivity after which a session is away
 * @param maxStateBytes the largest state, as compact UTF-8 JSON; positive
 * @param maxSessionsPerChannel the most live sessions one channel holds; positive
 * @param maxChannelsPerActor the most channels one actor is live in; positive
 * @param coalesceRenewals whether a heartbeat that only renews a session with at least half its
 *     TTL left is acknowledged without a write (see {@link PresenceRules#heartbeat})
 */
public record PresencePolicy(Duration heartbeatTtl, Duration typingTtl, Duration reconnectGrace,
                             Duration idleAfter, Duration awayAfter, int maxStateBytes,
                             int maxSessionsPerChannel, int maxChannelsPerActor, boolean coalesceRenewals) {

    /**
     * The defaults: TTL 30 s, typing 5 s, grace 5 s, idle after 1 min, away after 5 min, 4096 bytes,
     * 10 000 sessions, 100 channels, renewals coalesced.
     */
    public static final PresencePolicy DEFAULTS = new PresencePolicy(Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5), 4096, 10_000, 100, true);

    /**
     * Checks every value and how they relate.
     *
     * @throws IllegalArgumentException naming the option, the rule and the value when one is out of range
     */
    public PresencePolicy {
        requirePositive("heartbeatTtl", heartbeatTtl);
        requirePositive("typingTtl", typingTtl);
        requireNotNegative("reconnectGrace", reconnectGrace);
        requirePositive("idleAfter", idleAfter);
        requirePositive("awayAfter", awayAfter);
        requireAtLeastOne("maxStateBytes", maxStateBytes);
        requireAtLeastOne("maxSessionsPerChannel", maxSessionsPerChannel);
        requireAtLeastOne("maxChannelsPerActor", maxChannelsPerActor);
        if (idleAfter.compareTo(awayAfter) >= 0) {
            throw new IllegalArgumentException("idleAfter (" + idleAfter + ") must be shorter than awayAfter ("
                    + awayAfter + "): a session goes idle before it goes away");
        }
        if (reconnectGrace.compareTo(heartbeatTtl) > 0) {
            throw new IllegalArgumentException("reconnectGrace (" + reconnectGrace + ") must not exceed heartbeatTtl ("
                    + heartbeatTtl + "): a closed connection's sessions never outlive their TTL");
        }
    }

    /**
     * Checks a duration that must be positive, as the builder does for each option.
     *
     * @param option the option's name, for the message
     * @param value the value
     * @return {@code value}
     * @throws NullPointerException when {@code value} is null
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public static Duration requirePositive(String option, Duration value) {
        Objects.requireNonNull(value, option);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * Checks a duration that must not be negative.
     *
     * @param option the option's name, for the message
     * @param value the value
     * @return {@code value}
     * @throws NullPointerException when {@code value} is null
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public static Duration requireNotNegative(String option, Duration value) {
        Objects.requireNonNull(value, option);
        if (value.isNegative()) {
            throw new IllegalArgumentException(option + " must not be negative, was " + value);
        }
        return value;
    }

    /**
     * Checks a count that must be at least 1.
     *
     * @param option the option's name, for the message
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException when {@code value < 1}
     */
    public static int requireAtLeastOne(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, was " + value);
        }
        return value;
    }
}
