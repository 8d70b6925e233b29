package io.gameport.chaos;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * Bounds of a {@link FaultProxy}. Its (direct) buffer memory is at most
 * {@code (maxConnections * 2 + 256) * bufferBytesPerDirection}: each connection holds one fixed
 * buffer per direction and reads only while it has room, and up to 256 buffers of closed
 * connections are kept for the next ones.
 *
 * @param bufferBytesPerDirection bytes read from one end and not yet written to the other, per direction
 * @param maxConnections          live proxied connections; a connection accepted over it is reset and counted
 * @param blackHoleHoldMillis     how long a black-holed connection is held open before the proxy resets
 *                                it (a dead path does not hold sockets forever either; the ends have
 *                                normally given up by then)
 */
public record FaultProxySettings(int bufferBytesPerDirection, int maxConnections, long blackHoleHoldMillis) {

    public FaultProxySettings {
        Require.inRange("FaultProxySettings.bufferBytesPerDirection", bufferBytesPerDirection, 256, 16 << 20);
        Require.inRange("FaultProxySettings.maxConnections", maxConnections, 1, 1 << 20);
        Require.atLeast("FaultProxySettings.blackHoleHoldMillis", blackHoleHoldMillis, 1);
    }

    /** 16 KiB per direction, 4,096 connections (132 MiB at most), black holes held 60 s. */
    public static FaultProxySettings defaults() {
        return new FaultProxySettings(16 << 10, 4_096, 60_000);
    }

    public FaultProxySettings withBufferBytesPerDirection(int value) {
        return Records.with(this, "bufferBytesPerDirection", value);
    }

    public FaultProxySettings withMaxConnections(int value) {
        return Records.with(this, "maxConnections", value);
    }

    public FaultProxySettings withBlackHoleHoldMillis(long value) {
        return Records.with(this, "blackHoleHoldMillis", value);
    }
}
