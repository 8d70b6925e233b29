package io.gameport.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One command line run through {@link Main}'s command tree in this JVM: its exit status, stdout and stderr. */
record CommandRun(int status, String out, String err) {

    static CommandRun of(String... args) {
        CommandLine line = Main.commandLine();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int status = line.execute(args);
        return new CommandRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Stderr's only line; fails if there is more than one (usage mistakes are one line). */
    String errLine() {
        String trimmed = err.strip();
        if (trimmed.isEmpty() || trimmed.contains("\n")) {
            throw new AssertionError("expected one line on stderr, got: [" + err + "]");
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return "status " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
