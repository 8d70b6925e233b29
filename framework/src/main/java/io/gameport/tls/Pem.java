package io.gameport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM files read with the JDK alone: X.509 certificates and unencrypted PKCS#8 private keys. */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

    private Pem() {
    }

    private record Block(String type, byte[] der) {
    }

    static byte[] readFile(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(what + " " + file + ": file not found");
        } catch (IOException e) {
            throw new TlsConfigException(what + " " + file + ": cannot be read: " + e, e);
        }
    }

    private static List<Block> blocks(Path file, String what) {
        String text = new String(readFile(file, what), StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2).trim());
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(what + " " + file + ": the " + m.group(1) + " block is not valid base64: " + e.getMessage());
            }
            blocks.add(new Block(m.group(1), der));
        }
        if (blocks.isEmpty()) {
            throw new TlsConfigException(what + " " + file + ": not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }

    /** Every CERTIFICATE block of the file, in order (leaf first for a chain). */
    static List<X509Certificate> certificates(Path file, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (Block block : blocks(file, what)) {
            if (!block.type.equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
            } catch (CertificateException e) {
                throw new TlsConfigException(what + " " + file + ": certificate " + (certificates.size() + 1)
                        + " does not parse: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigException(what + " " + file + ": no CERTIFICATE block in the PEM file");
        }
        return certificates;
    }

    /** The file's one PKCS#8 private key ("PRIVATE KEY"); other key formats are refused with how to convert them. */
    static PrivateKey privateKey(Path file, String what) {
        for (Block block : blocks(file, what)) {
            switch (block.type) {
                case "PRIVATE KEY":
                    return pkcs8(block.der, file, what);
                case "ENCRYPTED PRIVATE KEY":
                    throw new TlsConfigException(what + " " + file + ": the key is encrypted; give an unencrypted PKCS#8 key "
                            + "(openssl pkcs8 -topk8 -nocrypt) or a PKCS#12 file with its password");
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new TlsConfigException(what + " " + file + ": " + block.type + " is not PKCS#8; convert it with "
                            + "openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName());
                default:
                    break;
            }
        }
        throw new TlsConfigException(what + " " + file + ": no PRIVATE KEY block in the PEM file");
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String what) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | NoSuchAlgorithmException tryNext) {
                // the DER names its algorithm inside; only the matching factory accepts it
            }
        }
        throw new TlsConfigException(what + " " + file + ": the PRIVATE KEY block is not a PKCS#8 RSA, EC or EdDSA key");
    }
}
