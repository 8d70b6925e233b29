package io.gameport.transport.iocp;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.gameport.nativeio.windows.WinCallException;
import io.gameport.nativeio.windows.WinConstants;
import io.gameport.nativeio.windows.WinError;
import io.gameport.nativeio.windows.Winsock;
import io.gameport.nativeio.windows.WinsockExtensions;
import io.gameport.nativeio.windows.WsadataLayout;
import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketSettings;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Windows I/O completion port backend: Winsock start-up, the AcceptEx/ConnectEx pointers and
 * the settings shared by its ports; one {@link IocpPort} per I/O worker.
 *
 * <p>Thread contract: {@link #open} and {@link #close} once each, from any thread; the state read
 * by ports is immutable after {@link #open}. {@link #close} (WSACleanup) only after every port
 * opened here was closed.
 */
public final class IocpBackend implements CompletionBackend {

    private static final Logger LOG = LoggerFactory.getLogger(IocpBackend.class);

    private final SocketSettings options;
    private final ErrorMetrics metrics;
    private final IocpSettings settings;
    private final WinsockExtensions extensions4;
    private final WinsockExtensions extensions6;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IocpBackend(SocketSettings options, ErrorMetrics metrics, IocpSettings settings,
                        WinsockExtensions extensions4, WinsockExtensions extensions6) {
        this.options = options;
        this.metrics = metrics;
        this.settings = settings;
        this.extensions4 = extensions4;
        this.extensions6 = extensions6;
    }

    public static IocpBackend open(SocketSettings options, ErrorMetrics metrics) throws BackendUnavailableException {
        return open(options, metrics, IocpSettings.defaults());
    }

    /**
     * Starts Winsock 2.2 and looks up the extension functions.
     *
     * @throws BackendUnavailableException with one line saying why, when this is not 64-bit
     *                                     Windows or Winsock cannot start
     */
    public static IocpBackend open(SocketSettings options, ErrorMetrics metrics, IocpSettings settings)
            throws BackendUnavailableException {
        if (!Platform.isWindows()) {
            throw new BackendUnavailableException("iocp needs Windows; this is " + System.getProperty("os.name"));
        }
        if (!Platform.is64Bit()) {
            throw new BackendUnavailableException("iocp needs a 64-bit JVM: its struct layouts are the x64 ones");
        }
        int rc;
        long wsaData = Native.malloc(WsadataLayout.SIZE);
        if (wsaData == 0L) {
            throw new BackendUnavailableException("iocp: no memory for WSADATA");
        }
        try {
            rc = Winsock.WSAStartup(WinConstants.WINSOCK_VERSION_2_2, wsaData);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new BackendUnavailableException("iocp: cannot load ws2_32 through JNA: " + e.getMessage(), e);
        } finally {
            Native.free(wsaData);
        }
        if (rc != 0) {
            throw new BackendUnavailableException("iocp: WSAStartup(2.2) failed: " + WinError.name(rc) + " (" + rc + ")");
        }
        try {
            WinsockExtensions v4 = loadExtensions(WinConstants.AF_INET, metrics);
            WinsockExtensions v6;
            try {
                v6 = loadExtensions(WinConstants.AF_INET6, metrics);
            } catch (WinCallException e) {
                LOG.info("iocp: IPv6 sockets unavailable ({}); IPv4 only", e.getMessage());
                v6 = null;
            }
            return new IocpBackend(options, metrics, settings, v4, v6);
        } catch (WinCallException e) {
            if (Winsock.WSACleanup() != 0) {
                metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "WSACleanup after a failed start");
            }
            throw new BackendUnavailableException("iocp: " + e.getMessage(), e);
        }
    }

    private static WinsockExtensions loadExtensions(int family, ErrorMetrics metrics) throws WinCallException {
        long probe = Winsock.WSASocketW(family, WinConstants.SOCK_STREAM, WinConstants.IPPROTO_TCP, 0L, 0,
                WinConstants.WSA_FLAG_OVERLAPPED | WinConstants.WSA_FLAG_NO_HANDLE_INHERIT);
        if (probe == WinConstants.INVALID_SOCKET) {
            throw new WinCallException("WSASocketW(family " + family + ")", Native.getLastError());
        }
        try {
            return WinsockExtensions.load(probe);
        } finally {
            if (Winsock.closesocket(probe) != 0) {
                metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "closesocket of the extension-lookup socket");
            }
        }
    }

    @Override
    public String name() {
        return "iocp";
    }

    @Override
    public ErrorSpace errorSpace() {
        return ErrorSpace.WINDOWS;
    }

    @Override
    public CompletionPort openPort() throws java.io.IOException {
        if (closed.get()) {
            throw new IllegalStateException("iocp backend is closed");
        }
        return IocpPort.open(this);
    }

    /** WSACleanup, once. */
    @Override
    public void closeUnowned(long socket) {
        if (Winsock.closesocket(socket) != 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "closesocket of an accepted socket no worker took");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (Winsock.WSACleanup() != 0) {
                metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "WSACleanup");
            }
        }
    }

    /** The options every socket of this backend gets. */
    public SocketSettings options() {
        return options;
    }

    ErrorMetrics metrics() {
        return metrics;
    }

    public IocpSettings settings() {
        return settings;
    }

    /** The extension functions for sockets of {@code family}, or null when that family is unavailable. */
    WinsockExtensions extensions(int family) {
        return family == WinConstants.AF_INET6 ? extensions6 : extensions4;
    }
}
