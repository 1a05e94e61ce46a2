package dev.syncpack.samples.presence;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/**
 * Reads {@link ServerOptions} from the command line and the environment, by hand: every option
 * has an environment variable ({@code --heartbeat-ttl} is {@code PRESENCE_HEARTBEAT_TTL}) and the
 * command line wins. Options take their value as {@code --port 9090} or {@code --port=9090}.
 */
public final class OptionsParser {

    private static final int MIN_SECRET_BYTES = 32;
    private static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    private static final Duration MAX_DIFF_INTERVAL = Duration.ofSeconds(1);

    /** What the command line asks for. */
    public sealed interface Command {
        /** @param options run the server with these */
        record Run(ServerOptions options) implements Command {
        }

        /** @param usage print this and exit */
        record Help(String usage) implements Command {
        }
    }

    private enum Option {
        PORT("N", "port to listen on (default 8080; 0 picks a free port)"),
        HOST("ADDRESS", "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)"),
        JDBC_URL("URL", "PostgreSQL store, cluster bus and clustered Quartz: servers on one database and schema form "
                + "a cluster, e.g. jdbc:postgresql://127.0.0.1:5432/presence?user=app&password=secret"),
        HEARTBEAT_TTL("DURATION", "how long a session lives after its last heartbeat (default 30s)"),
        RECONNECT_GRACE("DURATION", "how long a closed socket's sessions stay, at most the TTL (default 5s)"),
        TYPING_TTL("DURATION", "how long \"typing\" lasts before the server clears it (default 5s)"),
        CLEANUP_CRON("CRON", "Quartz cron of the cleanup sweep (default \"0/15 * * * * ?\")"),
        DIFF_INTERVAL("DURATION", "the least time between two diffs to a channel's subscribers: changes meanwhile "
                + "are merged into one, at most 1s (default 10ms; 0ms sends each change at once)"),
        TOKEN_SECRET("SECRET", "HMAC-SHA256 key for tokens, at least 32 bytes (default: random per start)"),
        NO_DEV_TOKENS(null, "turn off /api/dev-token and the open /sync/inspect (needs --token-secret)"),
        ADMIN_TOKEN("TOKEN", "bearer token for /sync/inspect, at least 16 characters");

        final String metavar;
        final String description;

        Option(String metavar, String description) {
            this.metavar = metavar;
            this.description = description;
        }

        String flag() {
            return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        String env() {
            return "PRESENCE_" + name();
        }

        boolean isFlag() {
            return metavar == null;
        }

        static Optional<Option> byFlag(String flag) {
            return Arrays.stream(values()).filter(option -> option.flag().equals(flag)).findFirst();
        }
    }

    /** A raw value and where it came from ({@code --port} or {@code PRESENCE_PORT}), for messages. */
    private record Given(String source, String value) {
    }

    private OptionsParser() {
    }

    /**
     * @param args the command-line arguments
     * @param env the environment, e.g. {@code System.getenv()}
     * @return {@link Command.Help} when {@code --help} or {@code -h} is among {@code args},
     *     otherwise the options to run with
     * @throws OptionsException naming the first option that is unknown, repeated, missing its value
     *     or out of range, or options that contradict each other
     */
    public static Command parse(List<String> args, Map<String, String> env) throws OptionsException {
        if (args.contains("--help") || args.contains("-h")) {
            return new Command.Help(usage());
        }
        Map<Option, Given> given = new EnumMap<>(Option.class);
        for (Option option : Option.values()) {
            String value = env.get(option.env());
            if (value != null && !value.isEmpty()) {
                given.put(option, new Given(option.env(), value));
            }
        }
        Map<Option, Given> onCommandLine = new EnumMap<>(Option.class);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String flag = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            Option option = Option.byFlag(flag).orElseThrow(() -> new OptionsException("unknown option \"" + arg
                    + "\""));
            String value;
            if (option.isFlag()) {
                if (equals > 0) {
                    throw new OptionsException(flag + " takes no value, was \"" + arg + "\"");
                }
                value = "true";
            } else if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new OptionsException(flag + " needs a value: " + flag + " " + option.metavar);
            }
            if (onCommandLine.put(option, new Given(flag, value)) != null) {
                throw new OptionsException(flag + " is given twice");
            }
        }
        given.putAll(onCommandLine);
        return new Command.Run(build(given));
    }

    /** @return the text {@code --help} prints */
    public static String usage() {
        String options = Arrays.stream(Option.values())
                .map(option -> String.format("  %-28s %s%n  %-28s env %s", option.flag()
                        + (option.isFlag() ? "" : " " + option.metavar), option.description, "", option.env()))
                .collect(Collectors.joining("\n"));
        return """
                Usage: java -jar presence-server.jar [options]

                Runs the syncpack presence sample: the page at /, the WebSocket at /sync/ws,
                /api/dev-token, /sync/inspect, /metrics and /health. Durations are written like
                500ms, 30s, 2m or 1h. Each option may also be set by the environment variable
                shown; the command line wins.

                %s
                  -h, --help                   print this help

                Bad options exit with code 2. SIGTERM or Ctrl-C shuts down gracefully.
                """.formatted(options);
    }

    private static ServerOptions build(Map<Option, Given> given) throws OptionsException {
        ServerOptions defaults = ServerOptions.defaults();
        Duration heartbeatTtl = duration(given.get(Option.HEARTBEAT_TTL), defaults.heartbeatTtl(), false);
        Duration reconnectGrace = duration(given.get(Option.RECONNECT_GRACE), defaults.reconnectGrace(), true);
        if (reconnectGrace.compareTo(heartbeatTtl) > 0) {
            throw new OptionsException("the reconnect grace (" + Durations.format(reconnectGrace)
                    + ") must not be longer than the heartbeat TTL (" + Durations.format(heartbeatTtl) + ")");
        }
        boolean devTokens = !flag(given.get(Option.NO_DEV_TOKENS));
        Optional<String> tokenSecret = secret(given.get(Option.TOKEN_SECRET));
        if (!devTokens && tokenSecret.isEmpty()) {
            throw new OptionsException("--no-dev-tokens needs --token-secret: without dev tokens, clients bring "
                    + "tokens signed elsewhere with that secret");
        }
        return new ServerOptions(host(given.get(Option.HOST), defaults.host()),
                port(given.get(Option.PORT), defaults.port()), jdbcUrl(given.get(Option.JDBC_URL)), heartbeatTtl,
                reconnectGrace, duration(given.get(Option.TYPING_TTL), defaults.typingTtl(), false),
                cron(given.get(Option.CLEANUP_CRON), defaults.cleanupCron()), tokenSecret, devTokens,
                adminToken(given.get(Option.ADMIN_TOKEN)), diffInterval(given.get(Option.DIFF_INTERVAL),
                defaults.diffInterval()));
    }

    private static String host(Given given, String fallback) throws OptionsException {
        if (given == null) {
            return fallback;
        }
        if (given.value().isBlank()) {
            throw new OptionsException(given.source() + " must be an address such as 127.0.0.1 or 0.0.0.0, was blank");
        }
        return given.value().trim();
    }

    private static int port(Given given, int fallback) throws OptionsException {
        if (given == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(given.value().trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new OptionsException(given.source() + " must be a port from 0 to 65535, was \"" + given.value() + "\"");
    }

    private static Optional<String> jdbcUrl(Given given) throws OptionsException {
        if (given == null) {
            return Optional.empty();
        }
        if (!given.value().startsWith("jdbc:postgresql:")) {
            throw new OptionsException(given.source() + " must be a PostgreSQL JDBC URL starting with "
                    + "jdbc:postgresql:, was \"" + given.value() + "\"");
        }
        return Optional.of(given.value());
    }

    private static Duration duration(Given given, Duration fallback, boolean zeroAllowed) throws OptionsException {
        if (given == null) {
            return fallback;
        }
        Duration duration = Durations.parse(given.source(), given.value());
        if (duration.isZero() && !zeroAllowed) {
            throw new OptionsException(given.source() + " must be longer than zero, was \"" + given.value() + "\"");
        }
        return duration;
    }

    private static Duration diffInterval(Given given, Duration fallback) throws OptionsException {
        Duration interval = duration(given, fallback, true);
        if (given != null && interval.compareTo(MAX_DIFF_INTERVAL) > 0) {
            throw new OptionsException(given.source() + " must be at most " + Durations.format(MAX_DIFF_INTERVAL)
                    + " (every change waits up to this long), was \"" + given.value() + "\"");
        }
        return interval;
    }

    private static String cron(Given given, String fallback) throws OptionsException {
        if (given == null) {
            return fallback;
        }
        try {
            CronExpression.validateExpression(given.value());
            return given.value();
        } catch (ParseException e) {
            throw new OptionsException(given.source() + " must be a Quartz cron with a seconds field and '?' in "
                    + "day-of-month or day-of-week, such as \"0/15 * * * * ?\"; \"" + given.value() + "\" is not: "
                    + e.getMessage());
        }
    }

    private static Optional<String> secret(Given given) throws OptionsException {
        if (given == null) {
            return Optional.empty();
        }
        int bytes = given.value().getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            throw new OptionsException(given.source() + " must be at least " + MIN_SECRET_BYTES
                    + " bytes long, was " + bytes + "; generate one with: openssl rand -hex 32");
        }
        return Optional.of(given.value());
    }

    private static Optional<String> adminToken(Given given) throws OptionsException {
        if (given == null) {
            return Optional.empty();
        }
        if (given.value().length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new OptionsException(given.source() + " must be at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters long, was " + given.value().length());
        }
        return Optional.of(given.value());
    }

    private static boolean flag(Given given) throws OptionsException {
        if (given == null) {
            return false;
        }
        return switch (given.value().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new OptionsException(given.source() + " must be true or false, was \""
                    + given.value() + "\"");
        };
    }
}
