package io.gameport.sample;

import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The sample's picocli setup, one place for every command: exit status 2 and one line on stderr
 * for every usage mistake (unknown option, malformed or out-of-range value, unknown enum name,
 * a {@link UsageException} from a command's own checks), 1 and the stack trace for a command that
 * fails, the command's own status otherwise.
 */
public final class Cli {

    /** Exit status of a usage mistake. */
    public static final int USAGE = 2;
    /** Exit status of a command that failed after its options were accepted. */
    public static final int FAILED = 1;

    private Cli() {
    }

    /** {@code root} (with its subcommands) ready to {@link CommandLine#execute}. */
    public static CommandLine of(Object root) {
        CommandLine line = new CommandLine(root);
        // Set after the subcommands exist: picocli passes these settings down to them.
        line.setCaseInsensitiveEnumValuesAllowed(true);
        // Scripts and the test harness append an option to override an earlier one: the last one wins.
        line.setOverwrittenOptionsAllowed(true);
        line.setUsageHelpWidth(110);
        line.setParameterExceptionHandler(Cli::usageMistake);
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            PrintWriter err = failed.getErr();
            if (e instanceof UsageException) {
                err.println(e.getMessage());
                err.flush();
                return USAGE;
            }
            err.println(failed.getCommandName() + " failed: " + e.getMessage());
            e.printStackTrace(err);
            err.flush();
            return FAILED;
        });
        line.setExecutionStrategy(parsed -> {
            if (!helpRequested(parsed)) {
                checkRanges(parsed);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return line;
    }

    private static int usageMistake(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        boolean root = line.getCommandSpec().parent() == null;
        if (root && e instanceof UnmatchedArgumentException) {
            err.println("unknown command " + ((UnmatchedArgumentException) e).getUnmatched().get(0)
                    + "; the commands are " + String.join(", ", line.getSubcommands().keySet()));
        } else {
            String name = line.getCommandName();
            err.println(name + ": " + e.getMessage() + "; " + name + " --help lists the options");
        }
        err.flush();
        return USAGE;
    }

    private static boolean helpRequested(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.isUsageHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    /** Every {@link Range}d option given on the command line, in every command of the chain. */
    private static void checkRanges(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            List<OptionSpec> given = level.matchedOptions();
            for (OptionSpec option : given) {
                if (!(option.userObject() instanceof Field field)) {
                    continue;
                }
                Range range = field.getAnnotation(Range.class);
                Object value = option.getValue();
                if (range == null || !(value instanceof Number number)) {
                    continue;
                }
                long n = number.longValue();
                if (n < range.min() || n > range.max()) {
                    throw new ParameterException(level.commandSpec().commandLine(), "Invalid value for option '"
                            + option.longestName() + "': " + value + " is not in " + range.min() + ".." + range.max());
                }
            }
        }
    }
}
