package io.gameport.nativeio.linux;

/**
 * The head of {@code struct tcp_info} (include/uapi/linux/tcp.h, glibc's netinet/tcp.h), which
 * {@code getsockopt(IPPROTO_TCP, TCP_INFO)} fills: only the connection's state is read. The kernel
 * copies {@code min(optlen, sizeof(struct tcp_info))} bytes, so asking for {@link #HEAD_LENGTH}
 * bytes is valid on every kernel, however large the struct has grown since.
 *
 * <pre>
 *   0 u8 tcpi_state   1 u8 tcpi_ca_state   2 u8 tcpi_retransmits   3 u8 tcpi_probes
 *   4 u8 tcpi_backoff 5 u8 tcpi_options    6 u8 wscales            7 u8 rate/fastopen bits
 *   8 ... (tcpi_rto and on; not read)
 * </pre>
 *
 * <p>The state values are the kernel's {@code TCP_*} states (include/net/tcp_states.h, mirrored
 * by glibc's netinet/tcp.h): the same on every architecture.
 */
public final class TcpInfoLayout {
    public static final int STATE_OFFSET = 0;
    /** The eight single-byte fields before {@code tcpi_rto}: the part of the struct the probe asks for. */
    public static final int HEAD_LENGTH = 8;

    public static final int TCP_ESTABLISHED = 1;
    /** No connection left: reset, timed out, or closed and gone through TIME_WAIT. */
    public static final int TCP_CLOSE = 7;
    /** The peer's FIN arrived (its end of stream); our side is still open. */
    public static final int TCP_CLOSE_WAIT = 8;
    public static final int TCP_LISTEN = 10;

    private TcpInfoLayout() {
    }
}
