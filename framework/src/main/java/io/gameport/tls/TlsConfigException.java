package io.gameport.tls;

/**
 * Bad TLS configuration found at start-up: a missing or unreadable file, PEM that does not parse,
 * a key that does not belong to its certificate, an expired certificate, an unsupported protocol
 * or cipher suite. The message names the file (or setting) and the problem.
 */
public final class TlsConfigException extends IllegalArgumentException {

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
