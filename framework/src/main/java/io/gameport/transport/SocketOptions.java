package io.gameport.transport;

/**
 * Options every backend applies to accepted and connected sockets.
 *
 * @param tcpNoDelay   disable Nagle: game traffic is many small frames that must not wait
 * @param sendBufferBytes    SO_SNDBUF, or 0 to keep the kernel default
 * @param receiveBufferBytes SO_RCVBUF, or 0 to keep the kernel default
 */
public record SocketOptions(boolean tcpNoDelay, int sendBufferBytes, int receiveBufferBytes) {

    public static final SocketOptions DEFAULTS = new SocketOptions(true, 0, 0);

    public SocketOptions {
        if (sendBufferBytes < 0 || receiveBufferBytes < 0) {
            throw new IllegalArgumentException("socket buffer sizes must be >= 0: snd=" + sendBufferBytes + " rcv=" + receiveBufferBytes);
        }
    }
}
