package io.gameport.sample.ticket;

/**
 * What a verified ticket vouches for: who the player is, until when (epoch milliseconds), which
 * login of the account issued it ({@code generation}, higher is newer) and the ticket's own random
 * id (what the room server remembers to let it enter only once).
 */
public record Ticket(long playerId, String name, long expiresAtMs, long generation, long ticketId) {
}
