package dev.syncpack.samples.presence;

import dev.syncpack.samples.presence.OptionsParser.Command;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/** Starts the sample presence server from the command line; see {@link OptionsParser#usage()}. */
public final class Main {

    /** The exit code for options the server cannot run with. */
    public static final int BAD_OPTIONS = 2;
    /** The exit code for a server that could not start, e.g. its port is taken or its database does not answer. */
    public static final int START_FAILED = 1;

    /** What {@link #launch} did. */
    public sealed interface Outcome {
        /** @param server the server now running */
        record Running(PresenceServer server) implements Outcome {
        }

        /** @param code the process should exit with this code */
        record Exit(int code) implements Outcome {
        }
    }

    private Main() {
    }

    /**
     * Starts the server and shuts it down gracefully on SIGTERM or Ctrl-C.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        switch (launch(List.of(args), System.getenv(), System.out, System.err)) {
            case Outcome.Running running -> Runtime.getRuntime().addShutdownHook(
                    new Thread(running.server()::close, "presence-server-shutdown"));
            case Outcome.Exit exit -> System.exit(exit.code());
        }
    }

    /**
     * Reads the options, then prints the help, reports bad options, or starts the server and prints
     * the address to open.
     *
     * @param args the command-line arguments
     * @param env the environment
     * @param out where the help and the address go
     * @param err where problems go
     * @return the running server, or the code to exit with
     */
    public static Outcome launch(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            return switch (OptionsParser.parse(args, env)) {
                case Command.Help help -> {
                    out.print(help.usage());
                    yield new Outcome.Exit(0);
                }
                case Command.Run run -> {
                    PresenceServer server = PresenceServer.start(run.options(), InstantSource.system());
                    out.println("syncpack presence server is running: open " + server.uri()
                            + " in two browser windows (Ctrl-C stops it)");
                    if (run.options().devTokens()) {
                        out.println("dev mode: /api/dev-token signs anyone in and /sync/inspect is open; "
                                + "use --no-dev-tokens with --token-secret outside a laptop");
                    }
                    yield new Outcome.Running(server);
                }
            };
        } catch (OptionsException e) {
            err.println("presence-server: " + e.getMessage());
            err.println("Run with --help to list the options.");
            return new Outcome.Exit(BAD_OPTIONS);
        } catch (IllegalStateException e) {
            err.println("presence-server: " + e.getMessage());
            return new Outcome.Exit(START_FAILED);
        }
    }
}
