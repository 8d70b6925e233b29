package io.gameport.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The secret an operator presents as {@code Authorization: Bearer TOKEN} to use the admin
 * endpoints. Only its SHA-256 digest is kept, and a presented token is compared digest to digest
 * with {@link MessageDigest#isEqual} (constant time): comparing digests of equal length also keeps
 * the time from telling how long the token is. Immutable, thread-safe.
 */
public final class AdminToken {

    /** Shorter tokens are refused: a token is the only thing between a caller and a drain. */
    public static final int MIN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * The token (leading and trailing white space removed, as a file's final newline would be).
     *
     * @throws IllegalArgumentException shorter than {@link #MIN_LENGTH} characters, or containing white space
     */
    public static AdminToken of(String token) {
        String trimmed = token == null ? "" : token.strip();
        if (trimmed.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the admin token must be at least " + MIN_LENGTH + " characters, was "
                    + trimmed.length());
        }
        if (!trimmed.chars().noneMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the admin token must not contain white space (it travels in an HTTP header)");
        }
        return new AdminToken(sha256(trimmed));
    }

    /** True when {@code authorization} (the header's value, null when absent) is {@code Bearer} and this token. */
    public boolean admits(String authorization) {
        // The scheme is case-insensitive (RFC 7235); the token is not.
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }
}
