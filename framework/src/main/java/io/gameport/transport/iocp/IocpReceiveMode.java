package io.gameport.transport.iocp;

/** How an IOCP port waits for incoming bytes. */
public enum IocpReceiveMode {
    /**
     * The seed's remedy for WSAENOBUFS: a zero-byte WSARecv pins no buffer while the socket is
     * idle; its completion means "readable", and the port then drains the socket with
     * non-overlapped, non-blocking {@code recv} into one port-owned buffer.
     */
    ZERO_BYTE,
    /**
     * A WSARecv with a real buffer per armed receive: one call less per read, but every idle
     * connection pins its buffer (at least one page of non-paged pool) in the kernel.
     */
    POSTED_BUFFERS
}
