package io.gameport.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one I/O worker moved: bytes and frames in and out, and the turns it woke from a blocking
 * poll. Written only by the worker's thread, with plain (opaque) stores and no atomic
 * read-modify-write, so counting costs the loop an add per completion; read from any thread
 * (a scrape) with opaque loads, which see each value whole and eventually the latest.
 */
final class WorkerTraffic {

    private static final VarHandle BYTES_RECEIVED;
    private static final VarHandle BYTES_SENT;
    private static final VarHandle FRAMES_RECEIVED;
    private static final VarHandle FRAMES_SENT;
    private static final VarHandle WAKEUPS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BYTES_RECEIVED = lookup.findVarHandle(WorkerTraffic.class, "bytesReceived", long.class);
            BYTES_SENT = lookup.findVarHandle(WorkerTraffic.class, "bytesSent", long.class);
            FRAMES_RECEIVED = lookup.findVarHandle(WorkerTraffic.class, "framesReceived", long.class);
            FRAMES_SENT = lookup.findVarHandle(WorkerTraffic.class, "framesSent", long.class);
            WAKEUPS = lookup.findVarHandle(WorkerTraffic.class, "wakeups", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long bytesReceived;
    private long bytesSent;
    private long framesReceived;
    private long framesSent;
    private long wakeups;

    // ---- the worker's thread only ----

    void received(long bytes) {
        BYTES_RECEIVED.setOpaque(this, bytesReceived + bytes);
    }

    void sent(long bytes) {
        BYTES_SENT.setOpaque(this, bytesSent + bytes);
    }

    /** Counts {@code frames} sent and returns it, so a caller can count where it passes the value on. */
    int framesSent(int frames) {
        FRAMES_SENT.setOpaque(this, framesSent + frames);
        return frames;
    }

    void frameReceived() {
        FRAMES_RECEIVED.setOpaque(this, framesReceived + 1);
    }

    void wokeUp() {
        WAKEUPS.setOpaque(this, wakeups + 1);
    }

    // ---- any thread ----

    long bytesReceived() {
        return (long) BYTES_RECEIVED.getOpaque(this);
    }

    long bytesSent() {
        return (long) BYTES_SENT.getOpaque(this);
    }

    long framesReceived() {
        return (long) FRAMES_RECEIVED.getOpaque(this);
    }

    long framesSent() {
        return (long) FRAMES_SENT.getOpaque(this);
    }

    long wakeups() {
        return (long) WAKEUPS.getOpaque(this);
    }
}
