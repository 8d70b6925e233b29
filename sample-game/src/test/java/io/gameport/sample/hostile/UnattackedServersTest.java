package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.sample.messages.LoginResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline every attack class compares against: the login and room servers, started as an
 * operator starts them, serve the honest client (a login with a ticket naming the room server; a
 * room with increasing ticks) and drain on SIGTERM, exiting 0.
 */
@Timeout(120)
class UnattackedServersTest {

    @TempDir
    Path dir;
    private ServerProcess room;
    private ServerProcess login;

    @AfterEach
    void kill() throws InterruptedException {
        if (login != null) {
            login.close();
        }
        if (room != null) {
            room.close();
        }
    }

    @Test
    void loginAndRoomServersServeTheHonestClientAndStopOnSigterm() throws Exception {
        room = ServerProcess.roomServer(dir).jvm("-Xmx256m").args("--workers", "1").start();
        login = ServerProcess.loginServer(dir, room.port()).jvm("-Xmx256m").args("--workers", "1").start();

        LoginResponse ticket = WellBehaved.assertLogsIn(login.port());
        assertEquals(room.port(), ticket.getRoomServerPort());
        WellBehaved.assertPlaysInRoom(room.port(), 3);

        login.assertStopsCleanlyOnSigterm();
        room.assertStopsCleanlyOnSigterm();
    }
}
