package io.gameport.session;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The game frames one side of a resumable session has sent and the other has not acknowledged
 * yet, in the order sent, so that they can be sent again after a resume. The n-th frame ever
 * appended is frame number n; an acknowledgement of n forgets every frame up to n.
 *
 * <p>Frames are copied into one byte array per log, reused as a ring, rather than kept as
 * references to their encoded payloads. A kept reference makes the garbage collector copy the
 * payload at every young collection it lives through (a suspended member of a room keeps every
 * tick sent while it is away, seconds of them) and scan the log's old array for it; a byte array
 * holds no references, so once it is old a collection neither copies nor scans it. The cost is a
 * copy per recipient of a broadcast, which the connection makes anyway. The array grows by
 * doubling while frames are kept (never past what the caller's quota admits) and returns to its
 * first size when the log empties after holding more than {@link #RETAINED_CAPACITY} bytes, so
 * one long suspension does not pin its peak for the session's life.
 *
 * <p>A frame is laid out whole (never split at the array's end), so each is handed out as one
 * buffer: a view onto the array, reused from frame to frame and valid only during the call that
 * receives it; a sink that keeps a frame past its call copies it.
 *
 * <p>Not thread-safe: the owner (a session, a client) guards it.
 */
public final class ReplayLog {

    /** A frame's cost against a send quota: its payload plus the 4-byte length prefix. */
    public static final int PREFIX_BYTES = 4;

    static final int INITIAL_CAPACITY = 1024;
    /** An emptied log holding more than this returns to {@link #INITIAL_CAPACITY}. */
    static final int RETAINED_CAPACITY = 64 * 1024;

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private byte[] data = new byte[INITIAL_CAPACITY];
    private ByteBuffer view = ByteBuffer.wrap(data);
    /** Per kept frame, oldest at {@code head}: where it starts in {@link #data} and how long it is. */
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private int head;
    private int size;
    /** Where the next frame goes when it fits there. */
    private int tail;
    /**
     * True when the newest frames start again at the array's front, below the oldest: the free space
     * is then between {@link #tail} and the oldest frame's start. Every frame laid out after a wrap
     * starts strictly below the oldest's start (a wrap and every later frame leave at least a byte
     * free before it), so the oldest frame crosses back to the front exactly when its start drops.
     */
    private boolean wrapped;
    private long appended;
    private long bytes;

    /** Copies {@code payload} (position to limit; left as it was) as the next frame. */
    public void append(ByteBuffer payload) {
        int length = payload.remaining();
        if (size == starts.length) {
            growFrames();
        }
        int start = place(length);
        payload.get(payload.position(), data, start, length);
        int slot = (head + size) & (starts.length - 1);
        starts[slot] = start;
        lengths[slot] = length;
        tail = start + length;
        size++;
        appended++;
        bytes += length + PREFIX_BYTES;
    }

    /** Where a frame of {@code length} bytes starts: after the newest, at the front, or in a larger array. */
    private int place(int length) {
        if (size == 0) {
            tail = 0;
            wrapped = false;
            if (length > data.length) {
                resize(length);
            }
            return 0;
        }
        int oldestStart = starts[head];
        if (!wrapped) {
            if (tail + length <= data.length) {
                return tail;
            }
            if (length < oldestStart) {
                wrapped = true;
                return 0;
            }
        } else if (tail + length < oldestStart) {
            return tail;
        }
        resize(length);
        return tail;
    }

    /** Moves the kept frames, in order, to the front of an array at least twice as large, with room for {@code length} more bytes after them. */
    private void resize(int length) {
        long needed = bytes - (long) size * PREFIX_BYTES + length;
        long capacity = (long) data.length * 2;
        while (capacity < needed) {
            capacity *= 2;
        }
        if (capacity > MAX_CAPACITY) {
            if (needed > MAX_CAPACITY) {
                throw new IllegalStateException("a replay log cannot keep " + needed + " bytes");
            }
            capacity = MAX_CAPACITY;
        }
        byte[] bigger = new byte[(int) capacity];
        int mask = starts.length - 1;
        int at = 0;
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & mask;
            System.arraycopy(data, starts[slot], bigger, at, lengths[slot]);
            starts[slot] = at;
            at += lengths[slot];
        }
        data = bigger;
        view = ByteBuffer.wrap(bigger);
        tail = at;
        wrapped = false;
    }

    /** Frames appended so far: the number of the last one. */
    public long appended() {
        return appended;
    }

    /** Frames the peer acknowledged: every frame up to this number is forgotten. */
    public long acknowledged() {
        return appended - size;
    }

    public int frames() {
        return size;
    }

    /** Bytes kept, 4 per frame for its length prefix included. */
    public long bytes() {
        return bytes;
    }

    /** Bytes the log's array takes, kept frames or not. */
    int capacity() {
        return data.length;
    }

    /**
     * Forgets every frame up to number {@code received} ({@code acknowledged() <= received <= appended()},
     * checked by the caller); returns the bytes freed.
     */
    public long acknowledge(long received) {
        long freed = 0;
        int mask = starts.length - 1;
        while (appended - size < received) {
            int start = starts[head];
            freed += lengths[head] + PREFIX_BYTES;
            head = (head + 1) & mask;
            size--;
            if (wrapped && size > 0 && starts[head] < start) {
                wrapped = false;
            }
        }
        bytes -= freed;
        if (size == 0) {
            tail = 0;
            wrapped = false;
            if (data.length > RETAINED_CAPACITY) {
                data = new byte[INITIAL_CAPACITY];
                view = ByteBuffer.wrap(data);
            }
        }
        return freed;
    }

    /** Hands every kept frame, oldest first, to {@code sink}; each buffer is valid only during its call. */
    public void forEach(Consumer<ByteBuffer> sink) {
        forEachAfter(appended - size, sink);
    }

    /**
     * Hands every kept frame numbered above {@code number}, oldest first, to {@code sink}; each
     * buffer is valid only during its call.
     */
    public void forEachAfter(long number, Consumer<ByteBuffer> sink) {
        int mask = starts.length - 1;
        long first = appended - size + 1;
        for (long n = Math.max(number + 1, first); n <= appended; n++) {
            int slot = (head + (int) (n - first)) & mask;
            view.clear();
            view.position(starts[slot]).limit(starts[slot] + lengths[slot]);
            sink.accept(view);
        }
    }

    /** Forgets everything (the session closed); returns the bytes freed. */
    public long clear() {
        long freed = bytes;
        acknowledge(appended);
        return freed;
    }

    private void growFrames() {
        int[] biggerStarts = new int[starts.length * 2];
        int[] biggerLengths = new int[lengths.length * 2];
        int mask = starts.length - 1;
        for (int i = 0; i < size; i++) {
            biggerStarts[i] = starts[(head + i) & mask];
            biggerLengths[i] = lengths[(head + i) & mask];
        }
        starts = biggerStarts;
        lengths = biggerLengths;
        head = 0;
    }
}
