package dev.syncpack.presence;

import dev.syncpack.presence.core.PresencePolicy;
import dev.syncpack.presence.store.InMemoryPresenceStore;
import dev.syncpack.presence.store.PresenceStore;
import dev.syncpack.spi.SyncContext;
import dev.syncpack.spi.SyncPack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Live presence as a {@link SyncPack}: who is in a channel right now, on which devices, with what
 * small state, pushed to subscribers as diffs. Build one per engine:
 *
 * <pre>{@code
 * SyncPack presence = PresencePack.builder()
 *         .actorId(ctx -> ctx.stringAttribute("userId"))
 *         .scope(ctx -> ctx.stringAttribute("workspaceId"))
 *         .build();
 * engine.registerPack(presence);
 * }</pre>
 *
 * <p>With prefix {@code docs_} the pack registers the table and collection {@code docs_presence},
 * the counts collection {@code docs_presence_stats} (params {@code {channel}} for both), the
 * mutations {@code docs_presence:heartbeat}, {@code :leave}, {@code :cursor} and {@code :typing},
 * and the schedule {@code docs_presence:cleanup}; errors name these prefixed names. Each row is one session, keyed by (scope, channel, actor,
 * session); see {@link PresenceRows} for its fields.
 *
 * <p>Mutations ({@code session} defaults to the connection id; a stable per-tab id survives
 * reconnects):
 * <ul>
 *   <li>{@code heartbeat {channel, session?, state?, replace?, active?}} upserts the caller's
 *       session, pushes {@code expiresAt} to now + {@code heartbeatTtl} and merge-patches
 *       {@code state} (RFC 7386; {@code null} removes a field) unless {@code replace} is true.
 *       {@code active: false} keeps the last activity time, so the session turns idle and away.
 *       Returns the row.
 *   <li>{@code leave {channel, session?}} removes the session ({@code "*"}: all of the caller's
 *       sessions in the channel); idempotent, returns {@code {"left": true|false}}.
 *   <li>{@code cursor {channel, session?, cursor}} and {@code typing {channel, session?, typing}}
 *       patch a live session without renewing it; {@code NOT_FOUND} when there is none. The
 *       server clears typing at {@code state.typingExpiresAt} and pushes that change.
 * </ul>
 *
 * <p>The node that handles a session pushes its expiry (and its typing and activity changes)
 * within a second of the deadline; the cleanup schedule sweeps sessions no node watches. When a
 * connection closes, the sessions it kept alive shrink to now + {@code reconnectGrace}.
 */
public final class PresencePack {

    /** This pack's name in {@link SyncPack#name()}. */
    public static final String NAME = "presence";
    /** This pack's version, the version of the presence-pack artifact. */
    public static final String VERSION = readVersion();

    private PresencePack() {
    }

    /**
     * Starts a configuration.
     *
     * @return a builder with the defaults; {@link Builder#actorId} must be set
     */
    public static Builder builder() {
        return new Builder();
    }

    private static String readVersion() {
        try (InputStream in = PresencePack.class.getResourceAsStream("presence-pack.properties")) {
            Properties properties = new Properties();
            properties.load(Objects.requireNonNull(in, "presence-pack.properties is missing from the jar"));
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Collects the configuration. Each setter rejects a bad value at once, and an option set twice,
     * with a message naming the option; {@link #build()} checks how options relate.
     */
    public static final class Builder {
        private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,64}");

        private Function<SyncContext, Optional<String>> actorId;
        private Function<SyncContext, Optional<String>> scope;
        private BiPredicate<String, SyncContext> canAccessChannel;
        private String prefix;
        private PresenceStore store;
        private Duration heartbeatTtl;
        private String cleanupCron;
        private Duration typingTtl;
        private Duration reconnectGrace;
        private Duration idleAfter;
        private Duration awayAfter;
        private Integer maxStateBytes;
        private Integer maxChannelLength;
        private Integer maxSessionsPerChannel;
        private Integer maxChannelsPerActor;
        private Boolean coalesceRenewals;
        private InstantSource clock;
        private Supplier<PresenceTimer> timers;

        private Builder() {
        }

        /**
         * How the pack reads the caller's actor id (the user) from its context. Required. A caller
         * for whom it returns empty or blank is {@code UNAUTHORIZED}.
         *
         * @param actorId e.g. {@code ctx -> ctx.stringAttribute("userId")}
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder actorId(Function<SyncContext, Optional<String>> actorId) {
            this.actorId = once("actorId", this.actorId, actorId);
            return this;
        }

        /**
         * How the pack reads the caller's tenant; two tenants never see or touch each other's
         * sessions. Default: no tenants (empty or blank means none).
         *
         * @param scope e.g. {@code ctx -> ctx.stringAttribute("workspaceId")}
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder scope(Function<SyncContext, Optional<String>> scope) {
            this.scope = once("scope", this.scope, scope);
            return this;
        }

        /**
         * Who may see and write presence in a channel; checked on subscribe and every mutation.
         * Default: everyone with an actor.
         *
         * @param canAccessChannel (channel, ctx) to true when allowed
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder canAccessChannel(BiPredicate<String, SyncContext> canAccessChannel) {
            this.canAccessChannel = once("canAccessChannel", this.canAccessChannel, canAccessChannel);
            return this;
        }

        /**
         * Prefixes every name the pack registers, so several presence packs share one engine.
         * Default "".
         *
         * @param prefix up to 64 letters, digits, {@code _}, {@code -} or {@code .}
         * @return this builder
         * @throws IllegalArgumentException when {@code prefix} has other characters or is too long
         * @throws IllegalStateException when already set
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("prefix must be up to 64 letters, digits, '_', '-' or '.', was \""
                        + prefix + "\"");
            }
            this.prefix = once("prefix", this.prefix, prefix);
            return this;
        }

        /**
         * Where sessions live. Default: a new {@link InMemoryPresenceStore} on {@link #clock}.
         *
         * @param store the store; its clock decides every stored time
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder store(PresenceStore store) {
            this.store = once("store", this.store, store);
            return this;
        }

        /**
         * How long a session lives after its last heartbeat. Default 30 s.
         *
         * @param heartbeatTtl positive
         * @return this builder
         * @throws IllegalArgumentException when not positive
         * @throws IllegalStateException when already set
         */
        public Builder heartbeatTtl(Duration heartbeatTtl) {
            this.heartbeatTtl = once("heartbeatTtl", this.heartbeatTtl,
                    PresencePolicy.requirePositive("heartbeatTtl", heartbeatTtl));
            return this;
        }

        /**
         * When the durable cleanup sweep runs. Default {@code 0/15 * * * * ?}.
         *
         * @param cleanupCron a Quartz cron with a seconds field and {@code ?} in day-of-month or
         *     day-of-week; the engine rejects at registration any cron Quartz cannot parse
         * @return this builder
         * @throws IllegalArgumentException when it does not have the shape of a Quartz cron
         * @throws IllegalStateException when already set
         */
        public Builder cleanupCron(String cleanupCron) {
            this.cleanupCron = once("cleanupCron", this.cleanupCron, QuartzCronShape.check("cleanupCron", cleanupCron));
            return this;
        }

        /**
         * How long {@code typing: true} lasts before the server clears it. Default 5 s.
         *
         * @param typingTtl positive
         * @return this builder
         * @throws IllegalArgumentException when not positive
         * @throws IllegalStateException when already set
         */
        public Builder typingTtl(Duration typingTtl) {
            this.typingTtl = once("typingTtl", this.typingTtl, PresencePolicy.requirePositive("typingTtl", typingTtl));
            return this;
        }

        /**
         * How long the sessions of a closed connection stay, so a reconnect within it causes no
         * leave and join. Default 5 s; at most {@link #heartbeatTtl}.
         *
         * @param reconnectGrace zero or positive
         * @return this builder
         * @throws IllegalArgumentException when negative
         * @throws IllegalStateException when already set
         */
        public Builder reconnectGrace(Duration reconnectGrace) {
            this.reconnectGrace = once("reconnectGrace", this.reconnectGrace,
                    PresencePolicy.requireNotNegative("reconnectGrace", reconnectGrace));
            return this;
        }

        /**
         * Inactivity after which a session's {@code activity} turns {@code idle}. Default 1 min;
         * shorter than {@link #awayAfter}.
         *
         * @param idleAfter positive
         * @return this builder
         * @throws IllegalArgumentException when not positive
         * @throws IllegalStateException when already set
         */
        public Builder idleAfter(Duration idleAfter) {
            this.idleAfter = once("idleAfter", this.idleAfter, PresencePolicy.requirePositive("idleAfter", idleAfter));
            return this;
        }

        /**
         * Inactivity after which a session's {@code activity} turns {@code away}. Default 5 min.
         *
         * @param awayAfter positive
         * @return this builder
         * @throws IllegalArgumentException when not positive
         * @throws IllegalStateException when already set
         */
        public Builder awayAfter(Duration awayAfter) {
            this.awayAfter = once("awayAfter", this.awayAfter, PresencePolicy.requirePositive("awayAfter", awayAfter));
            return this;
        }

        /**
         * The largest session state, as compact UTF-8 JSON; bigger states are {@code LIMIT_EXCEEDED}.
         * Default 4096.
         *
         * @param maxStateBytes at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder maxStateBytes(int maxStateBytes) {
            this.maxStateBytes = once("maxStateBytes", this.maxStateBytes,
                    PresencePolicy.requireAtLeastOne("maxStateBytes", maxStateBytes));
            return this;
        }

        /**
         * The longest channel name; longer ones are {@code LIMIT_EXCEEDED}. Default 200.
         *
         * @param maxChannelLength at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder maxChannelLength(int maxChannelLength) {
            this.maxChannelLength = once("maxChannelLength", this.maxChannelLength,
                    PresencePolicy.requireAtLeastOne("maxChannelLength", maxChannelLength));
            return this;
        }

        /**
         * The most live sessions one channel holds; a new session beyond it is
         * {@code LIMIT_EXCEEDED}. Default 10 000. Checked before each new session is stored, so
         * joins racing on other nodes or threads can overshoot it by their number.
         *
         * @param maxSessionsPerChannel at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder maxSessionsPerChannel(int maxSessionsPerChannel) {
            this.maxSessionsPerChannel = once("maxSessionsPerChannel", this.maxSessionsPerChannel,
                    PresencePolicy.requireAtLeastOne("maxSessionsPerChannel", maxSessionsPerChannel));
            return this;
        }

        /**
         * The most channels one actor is live in; a session in one more is {@code LIMIT_EXCEEDED}.
         * Default 100. Checked like {@link #maxSessionsPerChannel}.
         *
         * @param maxChannelsPerActor at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         * @throws IllegalStateException when already set
         */
        public Builder maxChannelsPerActor(int maxChannelsPerActor) {
            this.maxChannelsPerActor = once("maxChannelsPerActor", this.maxChannelsPerActor,
                    PresencePolicy.requireAtLeastOne("maxChannelsPerActor", maxChannelsPerActor));
            return this;
        }

        /**
         * Whether a heartbeat that only renews a session with at least half its TTL left is
         * answered without writing or publishing anything (see {@code PresenceRules.heartbeat}).
         * Default on: renewals then cost no store write and send subscribers no diff, and the
         * {@code heartbeatAt} subscribers see lags by less than half the TTL. A node answers such a
         * renewal from what it remembers of the session after an earlier heartbeat there, without
         * asking the store; a change another node makes to the same session is taken into account
         * once its publication arrives (docs/design.md, "Coalesced renewals from memory"). Turn it
         * off when subscribers must see every heartbeat's time; clients must in any case heartbeat
         * more often than every TTL / 2 (the browser client does every TTL / 3).
         *
         * @param coalesceRenewals false to write and publish every heartbeat
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder coalesceRenewals(boolean coalesceRenewals) {
            this.coalesceRenewals = once("coalesceRenewals", this.coalesceRenewals, coalesceRenewals);
            return this;
        }

        /**
         * The pack's clock: the default store's clock and the time expiry timers count from.
         * Default {@link InstantSource#system()}.
         *
         * @param clock the clock
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder clock(InstantSource clock) {
            this.clock = once("clock", this.clock, clock);
            return this;
        }

        /** The timer each registration pushes expiry with; tests drive a manual one. */
        Builder timers(Supplier<PresenceTimer> timers) {
            this.timers = once("timers", this.timers, timers);
            return this;
        }

        /**
         * Builds the pack; each call builds a new one, to be registered with one engine.
         *
         * @return the pack, ready for {@code engine.registerPack}
         * @throws IllegalStateException when {@link #actorId} was not set
         * @throws IllegalArgumentException when options contradict each other, naming both values
         */
        public SyncPack build() {
            if (actorId == null) {
                throw new IllegalStateException("actorId is required: tell the pack how to read the caller's actor id, "
                        + "e.g. .actorId(ctx -> ctx.stringAttribute(\"userId\"))");
            }
            PresencePolicy defaults = PresencePolicy.DEFAULTS;
            PresencePolicy policy = new PresencePolicy(or(heartbeatTtl, defaults.heartbeatTtl()),
                    or(typingTtl, defaults.typingTtl()), or(reconnectGrace, defaults.reconnectGrace()),
                    or(idleAfter, defaults.idleAfter()), or(awayAfter, defaults.awayAfter()),
                    or(maxStateBytes, defaults.maxStateBytes()),
                    or(maxSessionsPerChannel, defaults.maxSessionsPerChannel()),
                    or(maxChannelsPerActor, defaults.maxChannelsPerActor()), or(coalesceRenewals, defaults.coalesceRenewals()));
            InstantSource packClock = or(clock, InstantSource.system());
            PresenceNames names = new PresenceNames(or(prefix, ""));
            PresenceConfig config = new PresenceConfig(names, policy, or(maxChannelLength, 200), actorId,
                    or(scope, ctx -> Optional.empty()), or(canAccessChannel, (channel, ctx) -> true),
                    store != null ? store : new InMemoryPresenceStore(packClock), or(cleanupCron, "0/15 * * * * ?"), packClock,
                    or(timers, () -> new ExecutorPresenceTimer(packClock, "syncpack-" + names.table() + "-timer")));
            return PresenceSyncPack.of(config);
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }

        private static <T> T once(String option, T current, T value) {
            Objects.requireNonNull(value, option);
            if (current != null) {
                throw new IllegalStateException(option + " was already set to " + current);
            }
            return value;
        }
    }
}
