package io.gameport.net;

import io.gameport.transport.BackendUnavailableException;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketOptions;
import io.gameport.transport.iocp.IocpBackend;
import io.gameport.transport.iouring.IoUringBackend;
import io.gameport.transport.nio2.Nio2Backend;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the completion backend at start-up: {@code auto} means IOCP on Windows, io_uring on
 * Linux, NIO2 elsewhere. When io_uring cannot run (old kernel, {@code kernel.io_uring_disabled},
 * a container's seccomp filter) start-up says so in one line and falls back to NIO2; IOCP asked
 * for off Windows is an error, since nothing else would honour the request.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private Backends() {
    }

    public static CompletionBackend open(String name, SocketOptions options, ErrorMetrics errors) throws IOException {
        String resolved = name.equals("auto") ? platformDefault() : name;
        switch (resolved) {
            case "iocp":
                return IocpBackend.open(options, errors);
            case "io_uring":
                try {
                    return IoUringBackend.open(options, errors);
                } catch (BackendUnavailableException e) {
                    LOG.warn("io_uring unavailable ({}); falling back to nio2", e.getMessage());
                    return new Nio2Backend(options, errors);
                }
            case "nio2":
                return new Nio2Backend(options, errors);
            default:
                throw new IllegalArgumentException("unknown backend " + name + " (auto, io_uring, iocp, nio2)");
        }
    }

    static String platformDefault() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return "iocp";
        }
        if (os.startsWith("linux")) {
            return "io_uring";
        }
        return "nio2";
    }
}
