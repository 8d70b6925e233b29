package io.gameport.tls;

/** Whether a TLS server asks its clients for a certificate (mutual TLS). */
public enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A client certificate is asked for; a client without one is still accepted, one that does not verify is refused. */
    OPTIONAL,
    /** A client without a certificate that verifies against the server's client roots is refused. */
    REQUIRE
}
