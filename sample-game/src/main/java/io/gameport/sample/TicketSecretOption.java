package io.gameport.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The secret the login and room servers share: the file named by {@code --ticket-secret-file},
 * else the environment variable GAMEPORT_TICKET_SECRET. Never a built-in default: a guessable
 * secret lets anyone mint tickets.
 */
public final class TicketSecretOption {

    static final String SECRET_ENV = "GAMEPORT_TICKET_SECRET";
    static final int MIN_BYTES = 32;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--ticket-secret-file", paramLabel = "FILE",
            description = "File holding the ticket secret shared by login and room servers (" + MIN_BYTES + " bytes or more)."
                    + " Default: none (the environment variable " + SECRET_ENV + ").")
    Path file;

    public byte[] secret() throws IOException {
        byte[] secret;
        if (file != null) {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } else {
            String value = System.getenv(SECRET_ENV);
            if (value == null) {
                throw new UsageException(command.name() + ": give the ticket secret shared with the other server with"
                        + " --ticket-secret-file FILE or the environment variable " + SECRET_ENV + " (" + MIN_BYTES + " bytes or more)");
            }
            secret = value.getBytes(StandardCharsets.UTF_8);
        }
        if (secret.length < MIN_BYTES) {
            throw new UsageException(command.name() + ": the ticket secret must be at least " + MIN_BYTES + " bytes, was " + secret.length);
        }
        return secret;
    }
}
