package io.gameport.sample.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.net.TransportSettings;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BotFleetStartTest {

    @Test
    @Timeout(30)
    void aBotThatCannotGetInIsNamedWithWhatStoppedIt() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        BotSettings settings = new BotSettings(new InetSocketAddress("127.0.0.1", closedPort), "stuck-", "pw", 10, 50,
                1_000, 1);
        try (BotFleet fleet = new BotFleet(settings, TransportSettings.defaults().withWorkers(1))) {
            fleet.start(2);
            while (fleet.stats().errors(BotError.CONNECT_FAILED) < 2) {
                Thread.sleep(10);
            }
            List<String> stuck = fleet.notPlaying(1);
            assertEquals(1, stuck.size(), "at most as many as asked for");
            assertTrue(stuck.get(0).matches("stuck-0: gave up connecting for \\d+ s"), stuck.get(0));
            assertEquals(2, fleet.notPlaying(10).size());
        }
    }

    @Test
    void botsArrivingAHundredASecondStartTenMillisecondsApart() {
        assertEquals(0, BotFleet.arrivalDelayMs(0, 100));
        assertEquals(10, BotFleet.arrivalDelayMs(1, 100));
        assertEquals(9_990, BotFleet.arrivalDelayMs(999, 100), "1,000 bots over 10 s");
        assertEquals(2_000, BotFleet.arrivalDelayMs(2, 1));
    }
}
