package io.gameport.chaos;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One proxied connection: the client's socket, the upstream socket, a {@link Pipe} each way, and the
 * faults in force or planned. Every field belongs to the proxy's loop thread.
 */
final class Link {

    final long id;
    final long ordinal;
    final SocketChannel client;
    final SocketChannel server;
    final Pipe toServer;
    final Pipe toClient;
    SelectionKey clientKey;
    SelectionKey serverKey;
    ProxiedConnection.State state = ProxiedConnection.State.CONNECTING;
    boolean closed;

    long latencyNanos;
    long latencyUntilNanos = Long.MAX_VALUE;
    long blackHoleReleaseAtNanos = Long.MAX_VALUE;

    /** The seeded plan and its next fault, or null when there is no schedule or the plan has ended. */
    FaultSchedule.Plan plan;
    PlannedFault nextFault;
    long nextFaultAtNanos = Long.MAX_VALUE;

    /** The earliest wake-up queued for this link, so that a wake-up is queued only when it is earlier. */
    long queuedWakeNanos = Long.MAX_VALUE;

    Link(long id, long ordinal, SocketChannel client, SocketChannel server, ByteBuffer toServerBuffer, ByteBuffer toClientBuffer) {
        this.id = id;
        this.ordinal = ordinal;
        this.client = client;
        this.server = server;
        this.toServer = new Pipe(toServerBuffer);
        this.toClient = new Pipe(toClientBuffer);
    }

    Pipe pipe(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? toServer : toClient;
    }

    long latencyNanos(long nowNanos) {
        if (latencyUntilNanos - nowNanos <= 0) {
            latencyNanos = 0;
            latencyUntilNanos = Long.MAX_VALUE;
        }
        return latencyNanos;
    }

    ProxiedConnection snapshot() {
        return new ProxiedConnection(id, ordinal, address(client, true), address(server, false), state,
                latencyNanos / 1_000_000, toServer.writtenTotal(), toClient.writtenTotal());
    }

    private static InetSocketAddress address(SocketChannel channel, boolean remote) {
        try {
            SocketAddress address = remote ? channel.getRemoteAddress() : channel.getLocalAddress();
            return (InetSocketAddress) address;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
