package io.gameport.sample;

import io.gameport.tls.KeyMaterial;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.tls.TrustRoots;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS side of a sample run: the servers' context and the bots' context, either of them null
 * for plaintext. {@link #generated()} makes a certificate for this run in memory (EC P-256, valid
 * for a day, for localhost and 127.0.0.1) with BouncyCastle's certificate builder (the JDK has no
 * public API to make one); the bots trust that certificate and nothing else.
 */
public record SampleTls(TlsContext server, TlsContext client, String description) implements AutoCloseable {

    public static final SampleTls PLAINTEXT = new SampleTls(null, null, "off");

    /** A fresh certificate for this run: servers present it, clients trust only it. */
    public static SampleTls generated() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=gameport-sample-run");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, InetAddress.getLocalHost().getHostName())}));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            TlsSettings settings = TlsSettings.defaults();
            return new SampleTls(TlsContext.server(settings, KeyMaterial.of(keys.getPrivate(), certificate), null),
                    TlsContext.client(settings, TrustRoots.of(certificate), null), "on (TLSv1.3, certificate generated for this run)");
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the run's TLS certificate: " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return server != null || client != null;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
