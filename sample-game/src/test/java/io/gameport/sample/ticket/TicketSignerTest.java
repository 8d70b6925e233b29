package io.gameport.sample.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TicketSignerTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
    private final TicketSigner signer = new TicketSigner(SECRET, 60_000, clock);

    @Test
    void issuedTicketVerifiesWithItsPlayerNameAndExpiry() {
        TicketCheck check = signer.verify(signer.issue(42, "ålice", 3));
        assertEquals(TicketCheck.Status.VALID, check.status());
        assertEquals(42, check.ticket().playerId());
        assertEquals("ålice", check.ticket().name());
        assertEquals(1_060_000, check.ticket().expiresAtMs());
        assertEquals(3, check.ticket().generation());
    }

    @Test
    void eachTicketHasItsOwnIdEvenForTheSameLogin() {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            ids.add(signer.verify(signer.issue(42, "alice", 1)).ticket().ticketId());
        }
        assertEquals(100, ids.size());
    }

    @Test
    void anyChangedByteMakesTheTicketForged() {
        byte[] ticket = signer.issue(42, "alice", 1);
        for (int i = 0; i < ticket.length; i++) {
            byte[] changed = ticket.clone();
            changed[i] ^= 1;
            assertEquals(TicketCheck.Status.FORGED, signer.verify(changed).status(), "byte " + i);
        }
    }

    @Test
    void ticketFromAnotherSecretIsForged() {
        byte[] otherSecret = SECRET.clone();
        otherSecret[0] ^= 1;
        byte[] ticket = new TicketSigner(otherSecret, 60_000, clock).issue(42, "alice", 1);
        assertEquals(TicketCheck.Status.FORGED, signer.verify(ticket).status());
    }

    @Test
    void truncatedExtendedEmptyAndNullTicketsAreForged() {
        byte[] ticket = signer.issue(7, "bob", 1);
        assertEquals(TicketCheck.Status.FORGED, signer.verify(Arrays.copyOf(ticket, ticket.length - 1)).status());
        assertEquals(TicketCheck.Status.FORGED, signer.verify(Arrays.copyOf(ticket, ticket.length + 1)).status());
        assertEquals(TicketCheck.Status.FORGED, signer.verify(new byte[0]).status());
        assertEquals(TicketCheck.Status.FORGED, signer.verify(null).status());
    }

    @Test
    void ticketPastItsExpiryIsExpiredButOneBeforeIsValid() {
        assertEquals(TicketCheck.Status.EXPIRED, signer.verify(signer.issueExpiring(9, "carol", 1, 1_000_000)).status());
        assertEquals(TicketCheck.Status.EXPIRED, signer.verify(signer.issueExpiring(9, "carol", 1, 999_999)).status());
        assertEquals(TicketCheck.Status.VALID, signer.verify(signer.issueExpiring(9, "carol", 1, 1_000_001)).status());
    }

    @Test
    void expiredTicketFromTheLoginServerIsRefusedByALaterClock() {
        byte[] ticket = signer.issue(5, "dave", 1);
        TicketSigner later = new TicketSigner(SECRET, 60_000, Clock.offset(clock, java.time.Duration.ofMinutes(2)));
        assertEquals(TicketCheck.Status.EXPIRED, later.verify(ticket).status());
    }

    @Test
    void refusesAShortSecret() {
        assertThrows(IllegalArgumentException.class, () -> new TicketSigner(new byte[31], 1000, clock));
    }
}
