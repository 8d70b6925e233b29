package io.gameport.sample.directory;

/**
 * A reservation a room server claimed: the player it was made for (the server checks it against
 * the ticket's) and the room asked for (empty for a new room). The seat now counts among the
 * server's players until the server's next report replaces the count.
 */
public record SeatClaim(long reservationId, long playerId, String roomId) {
}
