package io.gameport.sample;

import io.gameport.sample.echo.EchoServerCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The executable jar's entry point: the first argument picks the command, each an annotated
 * picocli class (see {@link Cli} for the exit statuses and error lines every command shares).
 */
@Command(name = "java -jar gameport-sample-game.jar", synopsisHeading = "Usage: ",
        customSynopsis = "java -jar gameport-sample-game.jar COMMAND [options]   (COMMAND --help lists its options)",
        description = "The Gameport sample game: login and room servers, bots, the soak, and the benchmark's echo server.",
        synopsisSubcommandLabel = "COMMAND", commandListHeading = "%nCommands:%n",
        subcommands = {SoakCommand.Demo.class, SoakCommand.Soak.class, SoakCommand.Bots.class, LoginServerCommand.class,
                RoomServerCommand.class, HashRateCommand.class, EchoServerCommand.class, HelpCommand.class},
        footerHeading = "%n",
        footer = {
                "Both servers read the shared ticket secret from --ticket-secret-file or the environment variable GAMEPORT_TICKET_SECRET"
                        + " (32 bytes or more). On SIGTERM they drain: they stop accepting, tell their players, serve them until they"
                        + " leave or --drain-seconds N pass (default 5), then close them and exit 0; Ctrl-C stops them at once."
                        + " With an admin token (--admin-token-file FILE or the environment variable GAMEPORT_ADMIN_TOKEN) and"
                        + " --metrics-port, POST /admin/drain[?deadline_s=N] on that port drains them the same way (loopback only"
                        + " unless --admin-bind ADDR).",
                "Every server command (echo-server, login-server, room-server, demo, soak) takes --max-connections,"
                        + " --max-connections-per-address and --metrics-port P [--metrics-bind ADDR]: Prometheus text on"
                        + " http://ADDR:P/metrics and /health/live, /health/ready (off unless --metrics-port is given).",
                "TLS: login-server, room-server and echo-server speak TLS with --tls-cert CHAIN.pem --tls-key KEY.pem (PKCS#8);"
                        + " bots (and soak --login) with --tls-trust ROOTS.pem; demo and soak speak TLS by default with a certificate"
                        + " generated for the run, --no-tls for plaintext.",
                "Usage mistakes print one line on stderr and exit 2; a command that fails exits 1."})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line; returns its exit status. */
    static int run(String[] args) {
        return commandLine().execute(args);
    }

    /** The whole command tree with the sample's handlers (tests parse with it). */
    static CommandLine commandLine() {
        return Cli.of(new Main());
    }

    /** No command: the list of commands, and exit status 2 (a script calling the jar bare made a mistake). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.USAGE;
    }
}
