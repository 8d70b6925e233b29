package io.gameport.sample;

/**
 * A usage mistake a command finds after parsing (options that go together, a file that is not
 * a certificate, a missing ticket secret): printed as one line on stderr, exit status 2, like the
 * mistakes picocli finds itself. The message starts with the command's name.
 */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
