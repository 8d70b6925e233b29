package io.gameport.sample.ticket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the tickets the login server hands out and the room server accepts. Both
 * servers share the secret (from configuration) and nothing else: the room server checks a
 * ticket without calling the login server or the database.
 *
 * <pre>
 * 0        1            9              17           25          33             41      42      43           43+n         43+n+m           75+n+m
 * +--------+------------+--------------+------------+-----------+--------------+-------+-------+------------+------------+------------------+
 * |version | player_id  | expires_at_ms| generation | ticket_id | reservation  | n (u8)| m (u8)| name UTF-8 | server id  | HMAC-SHA256 of   |
 * |  = 3   | (u64)      | (i64)        | (u64)      | (u64)     | _id (u64)    |       |       |  n bytes   | m bytes    | bytes [0, 43+n+m)|
 * +--------+------------+--------------+------------+-----------+--------------+-------+-------+------------+------------+------------------+
 * </pre>
 * (numbers big-endian). {@code reservation_id} and the server id name the seat a room directory
 * reserved for the player (0 and empty without a directory): the room server claims that
 * reservation before it seats the player. {@code generation} is the account's login counter at issue: the room
 * server gives a live or suspended seat only to a ticket of a newer generation than the seat's,
 * so an old ticket never displaces the login that followed it. {@code ticket_id} is random: the
 * room server remembers the ids that entered until they expire, so a ticket enters once.
 *
 * The signature is compared in constant time ({@link MessageDigest#isEqual}) so response timing
 * does not reveal how many leading bytes of a forgery were right; expiry is checked only after
 * the signature, so an attacker learns nothing from a forged ticket's expiry field.
 * Thread-safe: each thread keeps its own {@link Mac}, which is not.
 */
public final class TicketSigner {

    public static final int MIN_SECRET_BYTES = 32;
    private static final byte VERSION = 3;
    private static final int HEADER_BYTES = 1 + 5 * Long.BYTES + 2;
    private static final int MAC_BYTES = 32;
    private static final int MAX_NAME_BYTES = 255;
    private static final int MAX_SERVER_ID_BYTES = 255;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final long lifetimeMs;
    private final Clock clock;
    private final ThreadLocal<Mac> macs;
    private final SecureRandom ids = new SecureRandom();

    public TicketSigner(byte[] secret, long lifetimeMs, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the ticket secret needs at least " + MIN_SECRET_BYTES
                    + " bytes, had " + secret.length);
        }
        if (lifetimeMs <= 0) {
            throw new IllegalArgumentException("ticket lifetime must be positive, was " + lifetimeMs);
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.lifetimeMs = lifetimeMs;
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A signer whose secret is the UTF-8 bytes of a configured string (at least 32 bytes). */
    public static TicketSigner fromSecret(String secret, long lifetimeMs) {
        return new TicketSigner(secret.getBytes(StandardCharsets.UTF_8), lifetimeMs, Clock.systemUTC());
    }

    public long lifetimeMs() {
        return lifetimeMs;
    }

    /** A ticket for login number {@code generation} of {@code playerId}, valid for this signer's lifetime from now. */
    public byte[] issue(long playerId, String name, long generation) {
        return issueExpiring(playerId, name, generation, clock.millis() + lifetimeMs);
    }

    /** As {@link #issue(long, String, long)}, for the seat {@code reservationId} reserved on room server {@code serverId}. */
    public byte[] issue(long playerId, String name, long generation, long reservationId, String serverId) {
        return issueExpiring(playerId, name, generation, clock.millis() + lifetimeMs, reservationId, serverId);
    }

    /** A ticket with an explicit expiry (tests make expired ones this way); a fresh random ticket id. */
    public byte[] issueExpiring(long playerId, String name, long generation, long expiresAtMs) {
        return issueExpiring(playerId, name, generation, expiresAtMs, 0, "");
    }

    /** As above, naming a reserved seat. */
    public byte[] issueExpiring(long playerId, String name, long generation, long expiresAtMs, long reservationId,
            String serverId) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name longer than " + MAX_NAME_BYTES + " bytes");
        }
        byte[] serverBytes = serverId.getBytes(StandardCharsets.UTF_8);
        if (serverBytes.length > MAX_SERVER_ID_BYTES) {
            throw new IllegalArgumentException("server id longer than " + MAX_SERVER_ID_BYTES + " bytes");
        }
        int signed = HEADER_BYTES + nameBytes.length + serverBytes.length;
        ByteBuffer ticket = ByteBuffer.allocate(signed + MAC_BYTES);
        ticket.put(VERSION).putLong(playerId).putLong(expiresAtMs).putLong(generation).putLong(ids.nextLong())
                .putLong(reservationId).put((byte) nameBytes.length).put((byte) serverBytes.length).put(nameBytes)
                .put(serverBytes);
        ticket.put(sign(ticket.array(), signed));
        return ticket.array();
    }

    /** Checks the signature, then the expiry against the clock. */
    public TicketCheck verify(byte[] ticket) {
        if (ticket == null || ticket.length < HEADER_BYTES + MAC_BYTES || ticket[0] != VERSION) {
            return new TicketCheck(TicketCheck.Status.FORGED, null);
        }
        int nameLength = ticket[HEADER_BYTES - 2] & 0xFF;
        int serverLength = ticket[HEADER_BYTES - 1] & 0xFF;
        int signedLength = HEADER_BYTES + nameLength + serverLength;
        if (ticket.length != signedLength + MAC_BYTES) {
            return new TicketCheck(TicketCheck.Status.FORGED, null);
        }
        byte[] expected = sign(ticket, signedLength);
        byte[] presented = new byte[MAC_BYTES];
        System.arraycopy(ticket, signedLength, presented, 0, MAC_BYTES);
        if (!MessageDigest.isEqual(expected, presented)) {
            return new TicketCheck(TicketCheck.Status.FORGED, null);
        }
        ByteBuffer fields = ByteBuffer.wrap(ticket);
        long playerId = fields.getLong(1);
        long expiresAtMs = fields.getLong(1 + Long.BYTES);
        long generation = fields.getLong(1 + 2 * Long.BYTES);
        long ticketId = fields.getLong(1 + 3 * Long.BYTES);
        long reservationId = fields.getLong(1 + 4 * Long.BYTES);
        String name = new String(ticket, HEADER_BYTES, nameLength, StandardCharsets.UTF_8);
        String serverId = new String(ticket, HEADER_BYTES + nameLength, serverLength, StandardCharsets.UTF_8);
        Ticket parsed = new Ticket(playerId, name, expiresAtMs, generation, ticketId, reservationId, serverId);
        if (clock.millis() >= expiresAtMs) {
            return new TicketCheck(TicketCheck.Status.EXPIRED, parsed);
        }
        return new TicketCheck(TicketCheck.Status.VALID, parsed);
    }
    private byte[] sign(byte[] bytes, int length) {
        Mac mac = macs.get();
        mac.update(bytes, 0, length);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }
}
