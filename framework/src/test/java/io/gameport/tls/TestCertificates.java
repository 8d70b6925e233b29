package io.gameport.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests, made in memory with BouncyCastle's builder (the JDK has no public API for it); EC P-256 keys. */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        public KeyMaterial material() {
            return KeyMaterial.of(keys.getPrivate(), certificate);
        }

        public TrustRoots asRoot() {
            return TrustRoots.of(certificate);
        }

        /** Writes cert.pem and key.pem (PKCS#8) into {@code dir}. */
        public Path[] writePem(Path dir, String prefix) throws IOException {
            Path cert = dir.resolve(prefix + "-cert.pem");
            Path key = dir.resolve(prefix + "-key.pem");
            Files.writeString(cert, pem("CERTIFICATE", encoded(certificate)));
            Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            return new Path[] {cert, key};
        }
    }

    private TestCertificates() {
    }

    /** A self-signed certificate for localhost and 127.0.0.1, valid from an hour ago for a day. */
    public static Issued localhost() {
        return selfSigned("localhost", List.of("localhost"), List.of("127.0.0.1"), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)));
    }

    public static Issued selfSigned(String commonName, List<String> dnsNames, List<String> ipAddresses, Instant notBefore, Instant notAfter) {
        KeyPair keys = newKeys();
        return sign(commonName, dnsNames, ipAddresses, notBefore, notAfter, keys, null);
    }

    /** A certificate issued by {@code issuer} (for chains and client certificates). */
    public static Issued issuedBy(Issued issuer, String commonName, List<String> dnsNames, List<String> ipAddresses) {
        return issuedBy(issuer, commonName, dnsNames, ipAddresses, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
    }

    public static Issued issuedBy(Issued issuer, String commonName, List<String> dnsNames, List<String> ipAddresses,
                                  Instant notBefore, Instant notAfter) {
        return sign(commonName, dnsNames, ipAddresses, notBefore, notAfter, newKeys(), issuer);
    }

    /** EC P-256; RSA 2048 where the JRE has no EC provider (the Windows JRE the IOCP suite runs on under Wine). */
    public static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException noEc) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Issued sign(String commonName, List<String> dnsNames, List<String> ipAddresses, Instant notBefore, Instant notAfter,
                               KeyPair keys, Issued issuer) {
        try {
            X500Name subject = new X500Name("CN=" + commonName);
            X500Name issuerName = issuer == null ? subject
                    : new X500Name(issuer.certificate().getSubjectX500Principal().getName());
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.keys().getPrivate();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            List<GeneralName> names = new ArrayList<>();
            for (String dns : dnsNames) {
                names.add(new GeneralName(GeneralName.dNSName, dns));
            }
            for (String ip : ipAddresses) {
                names.add(new GeneralName(GeneralName.iPAddress, ip));
            }
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            // Self-signed roots are CAs (they sign themselves and, in the mutual-TLS tests, client certificates).
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA").build(signingKey)));
            return new Issued(keys, certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
