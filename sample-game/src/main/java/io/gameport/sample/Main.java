package io.gameport.sample;

import io.gameport.sample.echo.EchoServerCommand;
import java.util.Arrays;
import java.util.List;

/** The executable jar's entry point: the first argument picks the command. */
public final class Main {

    private static final String USAGE = String.join("\n",
            "usage: java -jar gameport-sample-game.jar COMMAND [options]",
            "commands:",
            "  echo-server --port P [--transport auto|io_uring|nio2|iocp] [--workers N] [--max-frame-bytes B]",
            "              [--dispatch [--shards N] [--wait-strategy sleeping|blocking|lite_blocking|yielding|busy_spin]]",
            "      echoes every length-prefixed frame back (the benchmark's server); --dispatch sends each",
            "      frame through the whole pipeline (ring, shard, codec, send quota)");

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
