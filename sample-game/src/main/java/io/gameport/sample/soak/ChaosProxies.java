package io.gameport.sample.soak;

import io.gameport.chaos.FaultCounts;
import io.gameport.chaos.FaultProxy;
import io.gameport.chaos.FaultProxySettings;
import io.gameport.chaos.FaultSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chaos soak's fault proxies, one in this process in front of each room server, started the
 * first time a room server is routed: up front for the room server a soak starts itself (its login
 * server then hands out the proxy's port), or when the first bot is placed on a room server that
 * runs elsewhere ({@code bots --login ... --chaos}). Proxy k follows the schedule of seed
 * {@code seed + k}, so a run with one room server repeats the in-process soak's drops.
 */
final class ChaosProxies implements AutoCloseable {

    private final SoakChaos chaos;
    private final FaultProxySettings settings;
    private final Map<InetSocketAddress, FaultProxy> byRoomServer = new LinkedHashMap<>();
    private boolean closed;

    /** Room for {@code bots} room connections per proxy, with their reconnects and held black holes to spare. */
    ChaosProxies(SoakChaos chaos, int bots) {
        this.chaos = chaos;
        this.settings = FaultProxySettings.defaults()
                .withMaxConnections(Math.max(FaultProxySettings.defaults().maxConnections(), 2 * bots + 64));
    }

    SoakChaos chaos() {
        return chaos;
    }

    /**
     * Where to connect to reach {@code roomServer} through its proxy (started now if it is the
     * first): the proxy's loopback address, under {@code roomServer}'s host name so that a TLS
     * client still checks the room server's certificate against the name the login server gave.
     *
     * @throws UncheckedIOException when the proxy cannot listen
     */
    synchronized InetSocketAddress route(InetSocketAddress roomServer) {
        if (closed) {
            throw new IllegalStateException("chaos proxies closed");
        }
        FaultProxy proxy = byRoomServer.get(roomServer);
        if (proxy == null) {
            try {
                proxy = FaultProxy.start(roomServer, settings,
                        FaultSchedule.resetsAndBlackHoles(chaos.seed() + byRoomServer.size(), chaos.dropsPerMinute()));
            } catch (IOException e) {
                throw new UncheckedIOException("fault proxy in front of " + roomServer + ": " + e.getMessage(), e);
            }
            byRoomServer.put(roomServer, proxy);
        }
        InetSocketAddress listening = proxy.address();
        try {
            return new InetSocketAddress(InetAddress.getByAddress(roomServer.getHostString(),
                    listening.getAddress().getAddress()), listening.getPort());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a loopback address of " + listening.getAddress().getAddress().length
                    + " bytes", e);
        }
    }

    /** The proxies' listening ports, in the order they started. */
    synchronized List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (FaultProxy proxy : byRoomServer.values()) {
            ports.add(proxy.address().getPort());
        }
        return ports;
    }

    /** Every proxy's counts, added up. */
    synchronized FaultCounts counts() {
        FaultCounts sum = new FaultCounts(0, 0, 0, 0, 0, 0, 0, 0);
        for (FaultProxy proxy : byRoomServer.values()) {
            sum = sum.plus(proxy.counts());
        }
        return sum;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (FaultProxy proxy : byRoomServer.values()) {
            proxy.close();
        }
        byRoomServer.clear();
    }
}
