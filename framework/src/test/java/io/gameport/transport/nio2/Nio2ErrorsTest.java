package io.gameport.transport.nio2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.nativeio.linux.Errno;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.ReadPendingException;
import java.nio.channels.ShutdownChannelGroupException;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class Nio2ErrorsTest {

    @Test
    void ourOwnClosesAndCancelsMapToEcanceled() {
        assertEquals(Errno.ECANCELED, Nio2Errors.errno(new AsynchronousCloseException()));
        assertEquals(Errno.ECANCELED, Nio2Errors.errno(new ClosedChannelException()));
        assertEquals(Errno.ECANCELED, Nio2Errors.errno(new CancellationException()));
        assertEquals(Errno.ECANCELED, Nio2Errors.errno(new ShutdownChannelGroupException()));
    }

    @Test
    void peerResetMessagesOfEveryPlatformMapToEconnreset() {
        assertEquals(Errno.ECONNRESET, Nio2Errors.errno(new IOException("Connection reset by peer")));
        assertEquals(Errno.ECONNRESET, Nio2Errors.errno(new IOException("Connection reset")));
        assertEquals(Errno.ECONNRESET, Nio2Errors.errno(
                new IOException("An existing connection was forcibly closed by the remote host")));
        assertEquals(Errno.ECONNRESET, Nio2Errors.errno(
                new IOException("The specified network name is no longer available")));
    }

    @Test
    void refusedConnectMapsToEconnrefused() {
        assertEquals(Errno.ECONNREFUSED, Nio2Errors.errno(new ConnectException("Connection refused")));
        assertEquals(Errno.ECONNREFUSED, Nio2Errors.errno(new ConnectException()));
    }

    @Test
    void otherNamedFailuresMapToTheirErrno() {
        assertEquals(Errno.EPIPE, Nio2Errors.errno(new IOException("Broken pipe")));
        assertEquals(Errno.ECONNABORTED, Nio2Errors.errno(new IOException("Software caused connection abort")));
        assertEquals(Errno.ECONNABORTED, Nio2Errors.errno(
                new IOException("An established connection was aborted by the software in your host machine")));
        assertEquals(Errno.ETIMEDOUT, Nio2Errors.errno(new ConnectException("Connection timed out")));
        assertEquals(Errno.ETIMEDOUT, Nio2Errors.errno(new InterruptedByTimeoutException()));
        assertEquals(Errno.EHOSTUNREACH, Nio2Errors.errno(new NoRouteToHostException("No route to host")));
        assertEquals(Errno.ENOTCONN, Nio2Errors.errno(new IOException("Transport endpoint is not connected")));
        assertEquals(Errno.EMFILE, Nio2Errors.errno(new IOException("Too many open files")));
        assertEquals(Errno.ENOBUFS, Nio2Errors.errno(new IOException("No buffer space available")));
        assertEquals(Errno.EALREADY, Nio2Errors.errno(new ReadPendingException()));
    }

    @Test
    void unknownFailuresMapToEio() {
        assertEquals(Errno.EIO, Nio2Errors.errno(new IOException("something unheard of")));
        assertEquals(Errno.EIO, Nio2Errors.errno(new IOException()));
        assertEquals(Errno.EIO, Nio2Errors.errno(new IllegalStateException("boom")));
    }
}
