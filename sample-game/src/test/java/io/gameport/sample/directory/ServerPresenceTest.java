package io.gameport.sample.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A room server's presence in the in-process directory, its clock moved by hand and ticked by the test. */
class ServerPresenceTest {

    private static final DirectorySettings SETTINGS = DirectorySettings.DEFAULTS.withServerTtlMs(3_000);
    private final ManualClock clock = new ManualClock();
    private final InProcessRoomDirectory directory = new InProcessRoomDirectory(SETTINGS, clock);
    private final ServerRegistration registration = new ServerRegistration("room-1", "10.0.0.1", 7200, 100);

    /** What the server would report: fixed here. */
    private static final class FixedReport implements ServerPresence.Reporter {
        volatile ServerLoad load = new ServerLoad(7, 2, false);
        volatile List<String> rooms = List.of("room-1/a", "room-1/b");

        @Override
        public ServerLoad load() {
            return load;
        }

        @Override
        public Collection<String> rooms() {
            return rooms;
        }
    }

    @Test
    void registersRenewsWithTheReportedLoadAndDeregistersOnClose() {
        FixedReport report = new FixedReport();
        ServerPresence presence = new ServerPresence(directory, registration, report);
        assertEquals(ServerPresence.Step.REGISTERED, presence.tick());
        assertEquals(new ServerLoad(7, 2, false), directory.servers().value().get(0).load());

        report.load = new ServerLoad(9, 3, false);
        for (int i = 0; i < 5; i++) {
            clock.advanceMs(SETTINGS.renewIntervalMs());
            assertEquals(ServerPresence.Step.RENEWED, presence.tick());
        }
        assertEquals(new ServerLoad(9, 3, false), directory.servers().value().get(0).load());

        presence.close();
        assertEquals(List.of(), directory.servers().value());
        assertEquals(ServerPresence.Step.CLOSED, presence.tick());
    }

    @Test
    void afterALapseTheRenewalRecordsTheRoomsAgain() {
        ServerPresence presence = new ServerPresence(directory, registration, new FixedReport());
        presence.tick();
        ServerLease lease = presence.lease().orElseThrow();
        directory.recordRoom(lease, "room-1/a");

        clock.advanceMs(SETTINGS.serverTtlMs() + 1);
        assertEquals(DirectoryError.ROOM_LOST, directory.reserveInRoom("room-1/a", 1).error());

        assertEquals(ServerPresence.Step.RECREATED, presence.tick());
        assertEquals(1, presence.recreations());
        assertEquals("room-1", directory.reserveInRoom("room-1/a", 1).value().serverId());
        assertEquals("room-1", directory.reserveInRoom("room-1/b", 2).value().serverId());
        assertEquals(lease, presence.lease().orElseThrow());
    }

    @Test
    void drainingTakesTheServerOutOfPlacementAtOnce() {
        ServerPresence presence = new ServerPresence(directory, registration, new FixedReport());
        presence.tick();
        assertTrue(directory.reserveNewRoom(1).isOk());

        presence.drain();

        assertEquals(DirectoryError.NO_CAPACITY, directory.reserveNewRoom(2).error());
        clock.advanceMs(SETTINGS.renewIntervalMs());
        presence.tick();
        assertTrue(directory.servers().value().get(0).load().draining(), "draining survives the next renewal");
    }

    @Test
    void aProcessRegisteredUnderTheSameIdStopsTheOldPresenceForGood() {
        ServerPresence old = new ServerPresence(directory, registration, new FixedReport());
        old.tick();
        ServerPresence restarted = new ServerPresence(directory, registration, new FixedReport());
        restarted.tick();

        assertEquals(ServerPresence.Step.SUPERSEDED, old.tick());
        assertTrue(old.superseded());
        old.close();
        // The old one's close must not deregister the new one.
        assertEquals(restarted.lease().orElseThrow().incarnation(), directory.servers().value().get(0).incarnation());
        assertFalse(restarted.superseded());
    }
}
