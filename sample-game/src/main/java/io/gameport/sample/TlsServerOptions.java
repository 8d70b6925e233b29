package io.gameport.sample;

import io.gameport.tls.KeyMaterial;
import io.gameport.tls.TlsConfigException;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --tls-cert CHAIN.pem --tls-key KEY.pem} (PKCS#8): the server speaks TLS; neither: plaintext.
 * A missing file, a key that does not match, an expired certificate are usage errors naming the file.
 */
public final class TlsServerOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--tls-cert", paramLabel = "CHAIN.pem",
            description = "Certificate chain (PEM) to speak TLS with; goes with --tls-key. Default: none (plaintext).")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "KEY.pem",
            description = "Private key (PEM, PKCS#8) of --tls-cert. Default: none (plaintext).")
    Path key;

    /** The server's TLS context, or null for plaintext. */
    public TlsContext context() {
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw new UsageException(command.name() + ": --tls-cert and --tls-key go together");
        }
        try {
            return TlsContext.server(TlsSettings.defaults(), KeyMaterial.fromPem(cert, key), null);
        } catch (TlsConfigException e) {
            throw new UsageException(command.name() + ": " + e.getMessage());
        }
    }

    /** One word for a start-up line. */
    public static String note(TlsContext tls) {
        return tls == null ? "plaintext" : "TLS";
    }
}
