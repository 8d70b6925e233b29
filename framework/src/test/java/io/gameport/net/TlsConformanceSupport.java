package io.gameport.net;

import io.gameport.tls.TestCertificates;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** What the TLS conformance subclasses share: one certificate for the run, a server and a client context, a JDK client socket factory trusting it. */
final class TlsConformanceSupport {

    static final TestCertificates.Issued CERTIFICATE = TestCertificates.localhost();
    static final TlsContext SERVER = TlsContext.server(TlsSettings.defaults(), CERTIFICATE.material(), null);
    static final TlsContext CLIENT = TlsContext.client(TlsSettings.defaults(), CERTIFICATE.asRoot(), null);
    static final SSLSocketFactory SOCKETS = socketFactory(CERTIFICATE, "TLSv1.3");

    /** A cut-off TLS record: an application-data header announcing 40 bytes, then 2 of them. */
    static final byte[] CUT_OFF_RECORD = {0x17, 3, 3, 0, 40, 1, 2};

    private TlsConformanceSupport() {
    }

    static SSLSocketFactory socketFactory(TestCertificates.Issued trusted, String protocol) {
        return clientContext(trusted, protocol).getSocketFactory();
    }

    /** A JDK client context trusting {@code trusted}, for {@code protocol}. */
    static SSLContext clientContext(TestCertificates.Issued trusted, String protocol) {
        try {
            KeyStore roots = KeyStore.getInstance("PKCS12");
            roots.load(null, null);
            roots.setCertificateEntry("root", trusted.certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(roots);
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
