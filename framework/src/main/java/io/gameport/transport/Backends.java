package io.gameport.transport;

import io.gameport.transport.iocp.IocpBackend;
import io.gameport.transport.iocp.IocpSettings;
import io.gameport.transport.iouring.IoUringBackend;
import io.gameport.transport.iouring.IoUringSettings;
import io.gameport.transport.nio2.Nio2Backend;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and opens the completion backend at start-up: {@link Backend#AUTO} means IOCP on
 * Windows, io_uring on Linux, NIO2 elsewhere. When io_uring cannot run (old kernel,
 * {@code kernel.io_uring_disabled}, a container's seccomp filter) start-up says so in one line and
 * falls back to NIO2; IOCP asked for off Windows is an error, since nothing else would honour the
 * request. Each backend gets its own settings; the others' are ignored.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private Backends() {
    }

    public static CompletionBackend open(Backend backend, SocketSettings socket, IoUringSettings ioUring, IocpSettings iocp,
                                         ErrorMetrics errors) throws IOException {
        Backend resolved = backend == Backend.AUTO ? platformDefault() : backend;
        return switch (resolved) {
            case IOCP -> IocpBackend.open(socket, errors, iocp);
            case IO_URING -> openIoUring(socket, ioUring, errors);
            case NIO2 -> new Nio2Backend(socket, errors);
            case AUTO -> throw new IllegalStateException("AUTO resolves to a platform backend");
        };
    }

    private static CompletionBackend openIoUring(SocketSettings socket, IoUringSettings ioUring, ErrorMetrics errors)
            throws IOException {
        try {
            return IoUringBackend.open(ioUring, socket, errors);
        } catch (BackendUnavailableException e) {
            LOG.warn("io_uring unavailable ({}); falling back to nio2", e.getMessage());
            return new Nio2Backend(socket, errors);
        }
    }

    static Backend platformDefault() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return Backend.IOCP;
        }
        if (os.startsWith("linux")) {
            return Backend.IO_URING;
        }
        return Backend.NIO2;
    }
}
