package io.gameport.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks resume tokens: version (1), a 4-byte tag of the server id, session id (8),
 * generation (4), expiry in ms since the epoch (8), then the first 16 bytes of an HMAC-SHA256 over
 * those 25 bytes and the server id, keyed with the server's secret. Only the server reads them;
 * to clients they are opaque. Thread-safe (a {@link Mac} per thread: tokens are made and checked
 * on the resumption timer and on I/O workers, rarely: at session start, resume and renewal).
 */
public final class ResumeTokens {

    public static final int LENGTH = 41;
    private static final byte VERSION = 1;
    private static final int SIGNED = 25;
    private static final int MAC_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    /** What a presented token says, or why it says nothing. */
    public record Claim(Refusal refusal, long sessionId, int generation, long expiresAtMs) {
        static Claim refused(Refusal refusal) {
            return new Claim(refusal, 0, 0, 0);
        }
    }

    private final byte[] serverId;
    private final byte[] serverTag;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public ResumeTokens(ResumeSettings settings) {
        this.serverId = settings.serverId().getBytes(StandardCharsets.UTF_8);
        this.serverTag = tagOf(serverId);
        byte[] secret;
        if (settings.secret().isEmpty()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        } else {
            secret = settings.secret().getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // a JDK without HmacSHA256 fails at start-up, not at the first resume
    }

    /** A token for {@code sessionId} at {@code generation}, refused after {@code expiresAtMs}. */
    public byte[] issue(long sessionId, int generation, long expiresAtMs) {
        ByteBuffer token = ByteBuffer.allocate(LENGTH);
        token.put(VERSION).put(serverTag).putLong(sessionId).putInt(generation).putLong(expiresAtMs);
        token.put(mac(token.array()), 0, MAC_BYTES);
        return token.array();
    }

    /** Reads and checks a presented token: what it claims, or {@link Refusal#FORGED}, {@link Refusal#WRONG_SERVER}, {@link Refusal#EXPIRED}. */
    public Claim verify(byte[] token, long nowMs) {
        if (token.length != LENGTH || token[0] != VERSION) {
            return Claim.refused(Refusal.FORGED);
        }
        ByteBuffer read = ByteBuffer.wrap(token);
        read.position(1);
        byte[] tag = new byte[4];
        read.get(tag);
        if (!MessageDigest.isEqual(tag, serverTag)) {
            return Claim.refused(Refusal.WRONG_SERVER);
        }
        byte[] expected = mac(token);
        byte[] presented = new byte[MAC_BYTES];
        read.get(SIGNED, presented);
        byte[] expectedPrefix = new byte[MAC_BYTES];
        System.arraycopy(expected, 0, expectedPrefix, 0, MAC_BYTES);
        if (!MessageDigest.isEqual(presented, expectedPrefix)) {
            return Claim.refused(Refusal.FORGED);
        }
        long sessionId = read.getLong(5);
        int generation = read.getInt(13);
        long expiresAtMs = read.getLong(17);
        if (nowMs >= expiresAtMs) {
            return Claim.refused(Refusal.EXPIRED);
        }
        return new Claim(null, sessionId, generation, expiresAtMs);
    }

    private byte[] mac(byte[] token) {
        Mac mac = macs.get();
        mac.update(token, 0, SIGNED);
        return mac.doFinal(serverId);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("resume tokens need " + ALGORITHM, e);
        }
    }

    private static byte[] tagOf(byte[] serverId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(serverId);
            return new byte[] {digest[0], digest[1], digest[2], digest[3]};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
