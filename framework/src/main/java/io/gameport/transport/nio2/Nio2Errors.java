package io.gameport.transport.nio2;

import io.gameport.nativeio.linux.Errno;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.AcceptPendingException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.ReadPendingException;
import java.nio.channels.ShutdownChannelGroupException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.WritePendingException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where NIO2's exceptions become errno values ({@link io.gameport.transport.ErrorSpace#ERRNO}),
 * so that connections classify NIO2 failures exactly like io_uring's.
 *
 * <p>NIO2 reports failures as Java exceptions, mostly plain {@link java.io.IOException}s whose only
 * distinguishing feature is the message the JDK took from {@code strerror} (Linux, macOS) or
 * {@code FormatMessage} (Windows). The mapping, first match wins:
 *
 * <table>
 *   <caption>exception to errno</caption>
 *   <tr><th>exception</th><th>errno</th></tr>
 *   <tr><td>AsynchronousCloseException (and ClosedByInterruptException), ClosedChannelException,
 *       CancellationException, ShutdownChannelGroupException: we closed the channel, cancelled,
 *       or shut the group down</td><td>ECANCELED</td></tr>
 *   <tr><td>Read/Write/AcceptPendingException: a second operation of a kind already in flight</td><td>EALREADY</td></tr>
 *   <tr><td>InterruptedByTimeoutException</td><td>ETIMEDOUT</td></tr>
 *   <tr><td>NoRouteToHostException</td><td>EHOSTUNREACH</td></tr>
 *   <tr><td>UnresolvedAddressException: a connect to a name that did not resolve</td><td>EADDRNOTAVAIL</td></tr>
 *   <tr><td>message "connection refused" (ConnectException on every platform), or any ConnectException
 *       without a more specific message</td><td>ECONNREFUSED</td></tr>
 *   <tr><td>message "connection reset" (Linux "Connection reset by peer", the JDK's "Connection reset"),
 *       "forcibly closed by the remote host" (Windows WSAECONNRESET), "network name is no longer
 *       available" (Windows ERROR_NETNAME_DELETED)</td><td>ECONNRESET</td></tr>
 *   <tr><td>message "broken pipe"</td><td>EPIPE</td></tr>
 *   <tr><td>message "connection abort" (Linux "Software caused connection abort", Windows "An established
 *       connection was aborted")</td><td>ECONNABORTED</td></tr>
 *   <tr><td>message "timed out"</td><td>ETIMEDOUT</td></tr>
 *   <tr><td>message "not connected"</td><td>ENOTCONN</td></tr>
 *   <tr><td>message "too many open files"</td><td>EMFILE</td></tr>
 *   <tr><td>message "no buffer space"</td><td>ENOBUFS</td></tr>
 *   <tr><td>anything else, logged at WARN with its stack trace because it has no precise code</td><td>EIO</td></tr>
 * </table>
 *
 * <p>Thread-safe and allocation-free except on the message-matching path, which only failures take.
 */
public final class Nio2Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Nio2Errors.class);

    private Nio2Errors() {
    }

    /** The errno closest to {@code failure}; never 0. */
    public static int errno(Throwable failure) {
        if (failure instanceof AsynchronousCloseException
                || failure instanceof ClosedChannelException
                || failure instanceof CancellationException
                || failure instanceof ShutdownChannelGroupException) {
            return Errno.ECANCELED;
        }
        if (failure instanceof ReadPendingException
                || failure instanceof WritePendingException
                || failure instanceof AcceptPendingException) {
            return Errno.EALREADY;
        }
        if (failure instanceof InterruptedByTimeoutException) {
            return Errno.ETIMEDOUT;
        }
        if (failure instanceof NoRouteToHostException) {
            return Errno.EHOSTUNREACH;
        }
        if (failure instanceof UnresolvedAddressException) {
            // The code io_uring's port gives a connect to an unresolved address, so all backends agree.
            return Errno.EADDRNOTAVAIL;
        }
        int byMessage = byMessage(failure.getMessage());
        if (byMessage != 0) {
            return byMessage;
        }
        if (failure instanceof ConnectException) {
            return Errno.ECONNREFUSED;
        }
        LOG.warn("NIO2 failure without a precise errno, reported as EIO", failure);
        return Errno.EIO;
    }

    private static int byMessage(String message) {
        if (message == null) {
            return 0;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("connection refused")) {
            return Errno.ECONNREFUSED;
        }
        if (m.contains("connection reset") || m.contains("forcibly closed by the remote host")
                || m.contains("network name is no longer available")) {
            return Errno.ECONNRESET;
        }
        if (m.contains("broken pipe")) {
            return Errno.EPIPE;
        }
        if (m.contains("connection abort") || m.contains("connection was aborted")) {
            return Errno.ECONNABORTED;
        }
        if (m.contains("timed out")) {
            return Errno.ETIMEDOUT;
        }
        if (m.contains("not connected")) {
            return Errno.ENOTCONN;
        }
        if (m.contains("too many open files")) {
            return Errno.EMFILE;
        }
        if (m.contains("no buffer space")) {
            return Errno.ENOBUFS;
        }
        return 0;
    }
}
