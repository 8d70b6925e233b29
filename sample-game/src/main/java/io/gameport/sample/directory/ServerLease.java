package io.gameport.sample.directory;

import java.util.Objects;

/**
 * A room server's hold on its id, from {@link RoomDirectory#register}: what it registered and the
 * incarnation the directory gave this registration. A process that registers again under the same
 * id (a restart) gets a new incarnation; rooms and reservations of the old one are not inherited,
 * and calls made with the old lease are refused {@link DirectoryError#SUPERSEDED}. The lease
 * carries the registration so a renewal can write a lapsed registration anew.
 */
public record ServerLease(ServerRegistration registration, long incarnation) {

    public ServerLease {
        Objects.requireNonNull(registration, "registration");
    }

    public String serverId() {
        return registration.serverId();
    }
}
