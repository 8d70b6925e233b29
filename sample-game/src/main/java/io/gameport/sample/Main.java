package io.gameport.sample;

import io.gameport.sample.echo.EchoServerCommand;
import java.util.Arrays;
import java.util.List;

/** The executable jar's entry point: the first argument picks the command. */
public final class Main {

    private static final String USAGE = String.join("\n",
            "usage: java -jar gameport-sample-game.jar COMMAND [options]",
            "commands:",
            "  demo [soak options]",
            "      both servers and 300 bots for 30 s in this process, then the summary (start here); writes the",
            "      HTML report to gameport-demo-DATE-TIME.html in the temporary directory unless --report FILE names one",
            "  soak --bots N --seconds S [--room-size R] [--tick-hz H] [--chat-every-ms M] [--hash-iterations I]",
            "       [--login HOST:PORT] [--progress-s P] [--workers W] [--transport T] [--report FILE.html]",
            "      login server, room server and N bots in one process (or bots against --login); S is the",
            "      steady window after every bot is in a room; last line: SOAK bots=... errors=E disconnects=D;",
            "      exit status 1 on any protocol error, lost or reordered message or unexpected disconnect;",
            "      --report writes one self-contained HTML file: the summary and a chart per measure, every second",
            "  bots --login HOST:PORT [--bots N] [--seconds S] [--prefix P] [soak options]",
            "      bots only, against running servers",
            "  login-server [--port 7100] [--room-server HOST:PORT] [--db-url JDBC] [--db-user U] [--db-password P]",
            "       [--hash-iterations I] [--work-threads N] [--work-queue Q] [--ticket-secret-file F]",
            "       [--ticket-lifetime-s 60] [--attempts-per-s R] [--attempt-burst B]",
            "      accounts (embedded H2 in ./gameport-data by default), password checks, signed tickets",
            "  room-server [--port 7200] [--tick-hz 20] [--room-size 50] [--grace-ms 10000]",
            "       [--slow-client disconnect|drop|reject] [--ticket-secret-file F]",
            "      rooms, chat, movement at a fixed tick; reconnect within the grace period keeps the place",
            "  hash-rate [--hash-iterations 100000] [--checks 100]",
            "      password checks per second on one core at the login server's iterations (sizes --work-threads)",
            "  echo-server --port P [--transport auto|io_uring|nio2|iocp] [--workers N] [--max-frame-bytes B]",
            "              [--idle-timeout-ms N: close connections silent that long, off by default]",
            "              [--dispatch [--shards N] [--wait-strategy sleeping|parking|sleeping_then_parking|",
            "                                           blocking|lite_blocking|yielding|busy_spin]]",
            "      echoes every length-prefixed frame back (the benchmark's server); --dispatch sends each",
            "      frame through the whole pipeline (ring, shard, codec, send quota)",
            "both servers take --bind ADDR, --transport T and --workers N, and read the shared ticket secret from",
            "--ticket-secret-file or the environment variable GAMEPORT_TICKET_SECRET (32 bytes or more)",
            "on SIGTERM both servers drain: they stop accepting, tell their players, serve them until they leave or",
            "--drain-seconds N pass (default 5), then close them and exit 0; Ctrl-C stops them at once",
            "every server command (echo-server, login-server, room-server, demo, soak) takes --max-connections N",
            "(default 10000) and --max-connections-per-address N (default 256; loopback is not exempt: raise it",
            "for bots run on one machine against separately started servers; demo and soak raise it themselves)",
            "and --metrics-port P [--metrics-bind ADDR]: Prometheus text format on http://ADDR:P/metrics (ADDR",
            "127.0.0.1 by default; off unless --metrics-port is given)",
            "",
            "TLS: login-server, room-server and echo-server speak TLS with --tls-cert CHAIN.pem --tls-key KEY.pem (PKCS#8);",
            "bots (and soak --login) with --tls-trust ROOTS.pem; demo and soak speak TLS by default with a certificate",
            "generated for the run, --no-tls for plaintext");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "echo-server":
                    return EchoServerCommand.run(rest);
                case "login-server":
                    return LoginServerCommand.run(rest);
                case "room-server":
                    return RoomServerCommand.run(rest);
                case "hash-rate":
                    return HashRateCommand.run(rest);
                case "soak":
                    return SoakCommand.soak(rest);
                case "bots":
                    return SoakCommand.bots(rest);
                case "demo":
                    return SoakCommand.demo(rest);
                default:
                    System.err.println("unknown command " + args[0]);
                    System.err.println(USAGE);
                    return 2;
            }
        } catch (CommandLine.UsageException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            e.printStackTrace(System.err);
            return 1;
        }
    }
}
