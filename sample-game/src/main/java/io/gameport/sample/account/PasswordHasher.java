package io.gameport.sample.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2WithHmacSHA256 from the JDK with a random per-account salt. The iteration count is
 * stored with each hash, so raising it later only affects new passwords; old ones still verify.
 * Deliberately slow: call it only from the {@link io.gameport.sample.work.SlowWorkPool}, never on
 * an I/O worker or a dispatch shard. Thread-safe.
 */
public final class PasswordHasher {

    /**
     * The production iteration count. OWASP (2023) recommends 600,000 for PBKDF2-HMAC-SHA256;
     * the sample uses a sixth of that so a 2-core soak can register a thousand bots in about a
     * minute. A studio raises it with {@code --hash-iterations}; stored hashes keep their own count.
     */
    public static final int DEFAULT_ITERATIONS = 100_000;
    public static final int SALT_BYTES = 16;
    public static final int HASH_BITS = 256;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final LongAdder derivations = new LongAdder();

    public PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, was " + iterations);
        }
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }

    /** A new salt and the hash of {@code password} with it, at this hasher's iteration count. */
    public PasswordHash hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(salt, iterations, derive(password, salt, iterations));
    }

    /** True when {@code password} produces {@code stored}; the comparison takes constant time. */
    public boolean verify(String password, PasswordHash stored) {
        byte[] candidate = derive(password, stored.salt(), stored.iterations());
        return MessageDigest.isEqual(candidate, stored.hash());
    }

    /** PBKDF2 derivations run so far (hashes and checks): the work the login server spent. */
    public long derivations() {
        return derivations.sum();
    }

    private byte[] derive(String password, byte[] salt, int iterations) {
        derivations.increment();
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime ships PBKDF2WithHmacSHA256: its absence is a broken JDK.
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** A stored password: salt, the iteration count it was hashed with, and the derived key. */
    public record PasswordHash(byte[] salt, int iterations, byte[] hash) {
    }
}
