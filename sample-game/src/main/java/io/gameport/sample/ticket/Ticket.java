package io.gameport.sample.ticket;

/**
 * What a verified ticket vouches for: who the player is, until when (epoch milliseconds), which
 * login of the account issued it ({@code generation}, higher is newer) and the ticket's own random
 * id (what the room server remembers to let it enter only once). With a room directory it also
 * names the room server the seat was reserved on and the reservation ({@code reservationId} 0 and
 * {@code serverId} "" without one).
 */
public record Ticket(long playerId, String name, long expiresAtMs, long generation, long ticketId, long reservationId,
        String serverId) {

    /** A ticket without a reservation (a login server without a room directory). */
    public Ticket(long playerId, String name, long expiresAtMs, long generation, long ticketId) {
        this(playerId, name, expiresAtMs, generation, ticketId, 0, "");
    }

    public boolean reserved() {
        return reservationId != 0;
    }
}
