package io.gameport.sample.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosProxiesTest {

    @Test
    void aRoomServerIsReachedThroughOneProxyUnderTheNameTheLoginServerGave() throws Exception {
        try (ServerSocket roomServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ChaosProxies proxies = new ChaosProxies(new SoakChaos(1, 7), 10)) {
            InetSocketAddress named = new InetSocketAddress(InetAddress.getByAddress("room-1.example", new byte[] {127, 0, 0, 1}),
                    roomServer.getLocalPort());
            InetSocketAddress first = proxies.route(named);
            InetSocketAddress again = proxies.route(named);
            assertEquals("room-1.example", first.getHostString());
            assertTrue(first.getAddress().isLoopbackAddress());
            assertNotEquals(roomServer.getLocalPort(), first.getPort());
            assertEquals(first.getPort(), again.getPort());
            assertEquals(List.of(first.getPort()), proxies.ports());
            try (Socket client = new Socket(first.getAddress(), first.getPort()); Socket upstream = roomServer.accept()) {
                client.getOutputStream().write(42);
                assertEquals(42, upstream.getInputStream().read());
            }
        }
    }

    @Test
    void eachRoomServerGetsItsOwnProxyAndTheirCountsAddUp() throws Exception {
        try (ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket second = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ChaosProxies proxies = new ChaosProxies(new SoakChaos(1, 7), 10)) {
            InetSocketAddress viaFirst = proxies.route(new InetSocketAddress("127.0.0.1", first.getLocalPort()));
            InetSocketAddress viaSecond = proxies.route(new InetSocketAddress("127.0.0.1", second.getLocalPort()));
            assertNotEquals(viaFirst.getPort(), viaSecond.getPort());
            try (Socket a = new Socket(viaFirst.getAddress(), viaFirst.getPort()); Socket upA = first.accept();
                 Socket b = new Socket(viaSecond.getAddress(), viaSecond.getPort()); Socket upB = second.accept()) {
                b.getOutputStream().write(1);
                assertEquals(1, upB.getInputStream().read());
                assertEquals(2, proxies.counts().accepted());
            }
        }
    }

    @Test
    void closedProxiesRouteNothing() {
        ChaosProxies proxies = new ChaosProxies(new SoakChaos(1, 7), 10);
        proxies.close();
        assertThrows(IllegalStateException.class, () -> proxies.route(new InetSocketAddress("127.0.0.1", 1)));
    }
}
