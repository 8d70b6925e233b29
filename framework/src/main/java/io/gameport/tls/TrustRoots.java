package io.gameport.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** The certificates a peer's chain must lead to: the server's roots for a client, client roots for mutual TLS. */
public final class TrustRoots {

    private final List<X509Certificate> certificates;

    private TrustRoots(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /** One or more PEM CERTIFICATE blocks. */
    public static TrustRoots fromPem(Path file) {
        return new TrustRoots(Pem.certificates(file, "trusted roots"));
    }

    public static TrustRoots of(X509Certificate... certificates) {
        if (certificates == null || certificates.length == 0) {
            throw new TlsConfigException("trusted roots need at least one certificate");
        }
        return new TrustRoots(List.of(certificates));
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }
}
