package io.gameport.sample.ticket;

/** What a verified ticket vouches for: who the player is, and until when (epoch milliseconds). */
public record Ticket(long playerId, String name, long expiresAtMs) {
}
