package io.gameport.transport.iouring;

import io.gameport.nativeio.linux.Errno;
import io.gameport.nativeio.linux.LibC;
import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The io_uring {@link CompletionBackend} (Linux 6.0+). {@link #open} probes, on the calling
 * thread, everything a port needs: Linux, JNA and libc, the {@code kernel.io_uring_disabled}
 * sysctl, io_uring_setup with the configured flags (seccomp profiles such as Docker's default
 * deny it with EPERM) and a provided buffer ring. When anything is missing it throws a
 * {@link BackendUnavailableException} whose message is one line naming the reason, so start-up
 * can log it and fall back to NIO2.
 *
 * <p>Thread contract: {@link #openPort()} on the thread that will own the port (rings are
 * SINGLE_ISSUER); {@link #close()} once, after every port was closed. The backend itself holds no
 * native resources between those calls.
 */
public final class IoUringBackend implements CompletionBackend {

    private static final Logger LOG = LoggerFactory.getLogger(IoUringBackend.class);
    private static final Path IO_URING_DISABLED = Path.of("/proc/sys/kernel/io_uring_disabled");

    private final IoUringSettings config;
    private final SocketSettings options;
    private final ErrorMetrics metrics;
    private volatile boolean closed;

    private IoUringBackend(IoUringSettings config, SocketSettings options, ErrorMetrics metrics) {
        this.config = config;
        this.options = options;
        this.metrics = metrics;
    }

    /** Opens the backend with {@link IoUringSettings#defaults()}. */
    public static IoUringBackend open(SocketSettings options, ErrorMetrics metrics) throws BackendUnavailableException {
        return open(IoUringSettings.defaults(), options, metrics);
    }

    public static IoUringBackend open(IoUringSettings config, SocketSettings options, ErrorMetrics metrics)
            throws BackendUnavailableException {
        String os = System.getProperty("os.name", "unknown");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new BackendUnavailableException("io_uring unavailable: it needs Linux, this is " + os);
        }
        String kernel = System.getProperty("os.version", "");
        if (!atLeast(kernel, 6, 0)) {
            throw new BackendUnavailableException("io_uring unavailable: multishot receive needs Linux 6.0+, this kernel is " + kernel);
        }
        try {
            LibC.ensureLoaded();
        } catch (LinkageError e) {
            throw new BackendUnavailableException("io_uring unavailable: JNA could not bind libc (" + oneLine(e) + ")", e);
        }
        String disabled = readSysctl();
        if ("2".equals(disabled)) {
            throw new BackendUnavailableException("io_uring unavailable: disabled by sysctl kernel.io_uring_disabled=2");
        }
        probe(config, disabled);
        LOG.info("io_uring backend ready (kernel {}, {} x {} B receive buffers per port, {})",
                kernel, config.bufferCount(), config.bufferSizeBytes(), config.taskRunMode());
        return new IoUringBackend(config, options, metrics);
    }

    /** Creates and tears down one complete port, so that a failure shows at start-up rather than in a worker. */
    private static void probe(IoUringSettings config, String disabledSysctl) throws BackendUnavailableException {
        probe(() -> IoUringPort.open(config, SocketSettings.defaults(), new ErrorMetrics()), disabledSysctl);
    }

    /** Opens a port for the probe; a seam so a test can make start-up fail in any way. */
    interface ProbePort {
        IoUringPort open() throws IOException;
    }

    /**
     * Every way opening the port can fail becomes one BackendUnavailableException, so start-up
     * falls back to NIO2 with one log line: a runtime exception from a check deep in the port
     * (the port has released whatever it mapped before throwing) must not end start-up instead.
     */
    static void probe(ProbePort opener, String disabledSysctl) throws BackendUnavailableException {
        IoUringPort port;
        try {
            port = opener.open();
        } catch (IoUringRing.SetupException e) {
            throw new BackendUnavailableException(describeSetupFailure(e.errno, disabledSysctl), e);
        } catch (IOException e) {
            throw new BackendUnavailableException("io_uring unavailable: " + oneLine(e), e);
        } catch (LinkageError e) {
            throw new BackendUnavailableException("io_uring unavailable: JNA failure (" + oneLine(e) + ")", e);
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("io_uring unavailable: the port could not start (" + oneLine(e) + ")", e);
        }
        port.close();
    }

    static String describeSetupFailure(int errno, String disabledSysctl) {
        switch (errno) {
            case Errno.EPERM:
                return "io_uring unavailable: io_uring_setup denied (EPERM): "
                        + ("1".equals(disabledSysctl)
                        ? "kernel.io_uring_disabled=1 allows only the io_uring_group"
                        : "blocked by a seccomp profile or container policy (Docker's default denies it)");
            case Errno.ENOSYS:
                return "io_uring unavailable: the kernel has no io_uring (ENOSYS)";
            case Errno.EINVAL:
                return "io_uring unavailable: the kernel rejected every supported setup flag set (EINVAL); Linux 6.0+ is needed";
            case Errno.ENOMEM:
                return "io_uring unavailable: io_uring_setup ran out of locked memory (ENOMEM); raise RLIMIT_MEMLOCK or shrink the rings";
            default:
                return "io_uring unavailable: io_uring_setup failed with " + Errno.name(errno);
        }
    }

    private static String readSysctl() {
        try {
            return Files.readString(IO_URING_DISABLED, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return "0";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[^0-9]+", 3);
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // An unparsable version: let io_uring_setup decide.
            return true;
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Its multishot receive has been seen (kernel 6.18) to deliver a peer's last bytes and never report the reset behind them. */
    @Override
    public boolean canMissResets() {
        return true;
    }

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public ErrorSpace errorSpace() {
        return ErrorSpace.ERRNO;
    }

    /** Opens a port owned by the calling thread (its ring is created here, SINGLE_ISSUER). */
    @Override
    public CompletionPort openPort() throws IOException {
        if (closed) {
            throw new IllegalStateException("io_uring backend is closed");
        }
        return IoUringPort.open(config, options, metrics);
    }

    @Override
    public void closeUnowned(long socket) {
        if (socket < 0 || socket > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a file descriptor: " + socket);
        }
        if (LibC.close((int) socket) != 0) {
            metrics.record(ErrorSpace.ERRNO, com.sun.jna.Native.getLastError(), "close of an accepted socket no worker took");
        }
    }

    /** The options every socket of this backend gets. */
    public SocketSettings options() {
        return options;
    }

    public IoUringSettings settings() {
        return config;
    }

    @Override
    public void close() {
        closed = true;
    }
}
