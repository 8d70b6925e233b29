package io.gameport.sample;

import io.gameport.metrics.AdminEndpoint;
import io.gameport.metrics.AdminToken;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The admin endpoints of the metrics port, {@code POST /admin/drain}, for {@code login-server} and
 * {@code room-server}: on only when an admin token is configured, from the file named by
 * {@code --admin-token-file}, else the environment variable {@value #TOKEN_ENV}. Never an option
 * holding the token itself: a command line is visible to every user of the machine ({@code ps}).
 * Admin requests are admitted only on loopback addresses, even when {@code --metrics-bind} is wider,
 * unless {@code --admin-bind} names an address (or a wildcard): exposing it takes a deliberate option.
 */
public final class AdminOptions {

    static final String TOKEN_ENV = "GAMEPORT_ADMIN_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin token (" + AdminToken.MIN_LENGTH + " characters or more) that POST /admin/drain"
                    + " on the metrics port requires as 'Authorization: Bearer TOKEN'; needs --metrics-port."
                    + " Default: none (the environment variable " + TOKEN_ENV + "; neither: no admin endpoints).")
    Path tokenFile;

    @Option(names = "--admin-bind", paramLabel = "ADDR",
            description = "The one local address admin requests are admitted on (0.0.0.0: every address the metrics port"
                    + " listens on); needs an admin token. Default: loopback (any loopback address, even when --metrics-bind is wider).")
    String bind;

    /** The environment, a seam for tests (a JVM cannot set its own). */
    UnaryOperator<String> environment = System::getenv;

    /**
     * {@code metrics} with the admin endpoint these options describe, or unchanged when no token is
     * configured. Every mistake is a usage error naming the option: a token without a metrics port,
     * {@code --admin-bind} without a token or where the metrics port does not listen, an unreadable
     * or too short token.
     */
    public SampleMetrics.Request request(SampleMetrics.Request metrics) {
        String name = command.name();
        String token = token(name);
        if (token == null) {
            if (bind != null) {
                throw new UsageException(name + ": --admin-bind needs an admin token (--admin-token-file FILE or the"
                        + " environment variable " + TOKEN_ENV + ")");
            }
            return metrics;
        }
        String source = tokenFile != null ? "--admin-token-file " + tokenFile : "the environment variable " + TOKEN_ENV;
        if (metrics.address() == null) {
            throw new UsageException(name + ": an admin token is configured (" + source + ") but there is no --metrics-port"
                    + " to serve /admin/drain on");
        }
        AdminEndpoint admin;
        try {
            admin = new AdminEndpoint(AdminToken.of(token), bindAddress(name), DrainOptions.maxDeadline());
            admin.checkReachableOn(metrics.address());
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ": " + source + ": " + e.getMessage());
        }
        return metrics.withAdmin(admin);
    }

    private String token(String name) {
        if (tokenFile == null) {
            return environment.apply(TOKEN_ENV);
        }
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException(name + ": --admin-token-file " + tokenFile + " does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException(name + ": --admin-token-file " + tokenFile + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException(name + ": --admin-token-file " + tokenFile + " cannot be read: " + e);
        }
    }

    private InetAddress bindAddress(String name) {
        if (bind == null) {
            return null;
        }
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException(name + ": --admin-bind must be a local address, was " + bind);
        }
    }
}
