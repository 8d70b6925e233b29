package io.gameport.transport;

import java.util.Locale;

/** The completion backends a transport can run on; {@link #AUTO} picks the platform's best at start-up (see {@link Backends}). */
public enum Backend {
    /** IOCP on Windows, io_uring on Linux (NIO2 when it cannot run there), NIO2 elsewhere. */
    AUTO,
    /** Linux io_uring; falls back to {@link #NIO2}, saying so, when the kernel or a sandbox refuses it. */
    IO_URING,
    /** Windows I/O completion ports; an error anywhere else. */
    IOCP,
    /** Java's asynchronous channels: every platform. */
    NIO2;

    /** The name used on command lines and in logs: {@code auto}, {@code io_uring}, {@code iocp}, {@code nio2}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The backend named {@code id} (any case), or an error listing the names. */
    public static Backend fromId(String id) {
        for (Backend backend : values()) {
            if (backend.id().equalsIgnoreCase(id)) {
                return backend;
            }
        }
        throw new IllegalArgumentException("unknown backend " + id + " (auto, io_uring, iocp, nio2)");
    }
}
