package io.gameport.chaos;

import static io.gameport.chaos.ProxyEnds.readToEnd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A proxy on a seeded schedule injects into the k-th connection exactly the faults of plan k. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScheduledFaultProxyTest {

    @Test
    void eachConnectionGetsThePlanOfItsOrdinal() throws Exception {
        // resets, black holes and delays every 100 ms on average; black holes held 200 ms
        FaultSchedule schedule = new FaultSchedule(2026, 600, 1, 1, 0, 1, 16, 50, 100);
        FaultProxySettings settings = FaultProxySettings.defaults().withBlackHoleHoldMillis(200);
        int connections = 16;
        FaultCounts expected = expectedCounts(schedule, connections);
        try (ProxyEnds ends = new ProxyEnds(); FaultProxy proxy = FaultProxy.start(ends.address(), settings, schedule)) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    // one after the other, so the k-th connect is the proxy's k-th accept
                    Socket client = new Socket();
                    try {
                        client.connect(proxy.address(), ProxyEnds.DEADLINE_MS);
                        client.setSoTimeout(ProxyEnds.DEADLINE_MS);
                        sockets.add(client);
                    } catch (SocketException e) {
                        client.close(); // reset by a fault that came before the connect call returned
                    }
                }
                for (int i = 0; i < connections; i++) {
                    Socket server = ends.upstream.accept();
                    sockets.add(server);
                    server.setSoTimeout(ProxyEnds.DEADLINE_MS);
                }
                for (Socket socket : sockets) {
                    assertEquals(ProxyEnds.Ending.RESET, readToEnd(socket).ending());
                }
                ProxyEnds.awaitNoConnections(proxy);
                assertEquals(expected, proxy.counts());
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** What plans 0..connections-1 inject: their delays up to their first reset or black hole. */
    private static FaultCounts expectedCounts(FaultSchedule schedule, int connections) {
        long resets = 0;
        long blackHoles = 0;
        long delays = 0;
        for (long ordinal = 0; ordinal < connections; ordinal++) {
            FaultSchedule.Plan plan = schedule.planFor(ordinal);
            PlannedFault fault = plan.next();
            while (fault.kind() == FaultKind.DELAY) {
                delays++;
                fault = plan.next();
            }
            if (fault.kind() == FaultKind.RESET) {
                resets++;
            } else {
                blackHoles++;
            }
        }
        return new FaultCounts(resets, blackHoles, delays, 0, connections, 0, 0, blackHoles);
    }
}
