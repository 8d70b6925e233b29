package io.gameport.sample.directory;

/**
 * A seat held for one player on one room server until {@code expiresAtMs} (the directory's clock):
 * what the login server puts in the ticket. Only the server and incarnation named here can
 * {@link RoomDirectory#claim} it; unclaimed, it is released at its expiry. {@code roomId} is the
 * room the player asked for, or empty for a new room.
 */
public record Reservation(long reservationId, String serverId, long incarnation, String publicHost, int publicPort,
        long playerId, String roomId, long expiresAtMs) {

    public boolean forNewRoom() {
        return roomId.isEmpty();
    }
}
