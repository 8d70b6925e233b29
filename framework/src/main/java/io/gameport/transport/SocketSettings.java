package io.gameport.transport;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

/**
 * Options every backend applies to accepted and connected sockets. Immutable; validated on construction.
 *
 * @param tcpNoDelay         disable Nagle: game traffic is many small frames that must not wait
 * @param sendBufferBytes    SO_SNDBUF, or 0 to keep the kernel default
 * @param receiveBufferBytes SO_RCVBUF, or 0 to keep the kernel default
 */
public record SocketSettings(boolean tcpNoDelay, int sendBufferBytes, int receiveBufferBytes) {

    public SocketSettings {
        Require.atLeast("SocketSettings.sendBufferBytes", sendBufferBytes, 0);
        Require.atLeast("SocketSettings.receiveBufferBytes", receiveBufferBytes, 0);
    }

    /** TCP_NODELAY on, the kernel's buffer sizes. */
    public static SocketSettings defaults() {
        return new SocketSettings(true, 0, 0);
    }

    public SocketSettings withTcpNoDelay(boolean value) {
        return Records.with(this, "tcpNoDelay", value);
    }

    public SocketSettings withSendBufferBytes(int value) {
        return Records.with(this, "sendBufferBytes", value);
    }

    public SocketSettings withReceiveBufferBytes(int value) {
        return Records.with(this, "receiveBufferBytes", value);
    }
}
