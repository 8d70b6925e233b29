package io.gameport.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * A private key and its certificate chain (leaf first): what a server presents, or a client in
 * mutual TLS. Checked when made: the key must belong to the leaf certificate and every
 * certificate of the chain must be valid now, so a bad deployment fails at start-up, naming the file.
 */
public final class KeyMaterial {

    private final PrivateKey key;
    private final X509Certificate[] chain;

    private KeyMaterial(PrivateKey key, X509Certificate[] chain, String source) {
        this.key = key;
        this.chain = chain;
        checkValid(chain, source);
        checkKeyMatches(key, chain[0], source);
    }

    /** A PEM certificate chain (leaf first) and a PEM PKCS#8 private key. */
    public static KeyMaterial fromPem(Path certificateChain, Path privateKey) {
        List<X509Certificate> chain = Pem.certificates(certificateChain, "certificate chain");
        PrivateKey key = Pem.privateKey(privateKey, "private key");
        return new KeyMaterial(key, chain.toArray(new X509Certificate[0]),
                "certificate chain " + certificateChain + " with private key " + privateKey);
    }

    /** The one key entry of a PKCS#12 file. */
    public static KeyMaterial fromPkcs12(Path file, char[] password) {
        byte[] bytes = Pem.readFile(file, "PKCS#12 file");
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new java.io.ByteArrayInputStream(bytes), password);
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new TlsConfigException("PKCS#12 file " + file + ": cannot be opened (wrong password or not PKCS#12): " + e.getMessage(), e);
        }
        try {
            Enumeration<String> aliases = store.aliases();
            while (aliases.hasMoreElements()) {
                String alias = aliases.nextElement();
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    Certificate[] certificates = store.getCertificateChain(alias);
                    if (certificates == null || certificates.length == 0) {
                        throw new TlsConfigException("PKCS#12 file " + file + ": key entry '" + alias + "' has no certificate chain");
                    }
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : certificates) {
                        chain.add((X509Certificate) c);
                    }
                    return new KeyMaterial(key, chain.toArray(new X509Certificate[0]), "PKCS#12 file " + file);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("PKCS#12 file " + file + ": the key cannot be read: " + e.getMessage(), e);
        }
        throw new TlsConfigException("PKCS#12 file " + file + ": no private key entry");
    }

    /** Key and chain already in memory (a certificate generated for a run, a studio's own vault). */
    public static KeyMaterial of(PrivateKey key, X509Certificate... chain) {
        if (key == null || chain == null || chain.length == 0) {
            throw new TlsConfigException("key material needs a private key and at least one certificate");
        }
        return new KeyMaterial(key, chain.clone(), "in-memory key material (" + chain[0].getSubjectX500Principal() + ")");
    }

    public PrivateKey privateKey() {
        return key;
    }

    public X509Certificate[] chain() {
        return chain.clone();
    }

    private static void checkValid(X509Certificate[] chain, String source) {
        for (X509Certificate certificate : chain) {
            try {
                certificate.checkValidity();
            } catch (CertificateExpiredException e) {
                throw new TlsConfigException(source + ": certificate " + certificate.getSubjectX500Principal()
                        + " expired on " + certificate.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                throw new TlsConfigException(source + ": certificate " + certificate.getSubjectX500Principal()
                        + " is not valid before " + certificate.getNotBefore().toInstant());
            }
        }
    }

    /** Signs with the key and verifies with the certificate: works for every key type, unlike comparing moduli. */
    private static void checkKeyMatches(PrivateKey key, X509Certificate leaf, String source) {
        PublicKey publicKey = leaf.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw new TlsConfigException(source + ": the private key (" + key.getAlgorithm()
                    + ") does not match the certificate " + leaf.getSubjectX500Principal() + " (" + publicKey.getAlgorithm() + " key)");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        byte[] probe = "gameport key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsConfigException(source + ": the private key does not match the certificate "
                    + leaf.getSubjectX500Principal());
        }
    }
}
