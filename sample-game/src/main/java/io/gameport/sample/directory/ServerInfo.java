package io.gameport.sample.directory;

/**
 * One live registration as the directory holds it: what the server registered and last reported,
 * the seats reserved on it and not yet claimed, and when the registration lapses unless renewed.
 */
public record ServerInfo(ServerRegistration registration, long incarnation, ServerLoad load, int reservedSeats,
        long expiresAtMs) {

    /** Seats taken or promised. */
    public int seatsUsed() {
        return load.players() + reservedSeats;
    }

    public boolean hasFreeSeat() {
        return seatsUsed() < registration.capacity();
    }
}
