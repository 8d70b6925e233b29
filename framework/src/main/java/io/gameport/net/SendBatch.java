package io.gameport.net;

import java.nio.ByteBuffer;

/**
 * Frames a non-I/O thread sends, collected per I/O worker and handed to each worker in one
 * command by {@link #flush()}, instead of one command (and possibly one wake-up) per frame.
 * A dispatch shard owns one and flushes it at the end of each Disruptor batch.
 *
 * <p>{@link Connection#send(ByteBuffer, SendBatch)} takes the send quota at once (the policy
 * applies at once too) and copies the payload into the batch, so the caller may reuse its buffer
 * as soon as the call returns. The worker copies the bytes into the connection's outbound chunks
 * when it runs the command; a connection closed by then returns the frame's quota instead.
 *
 * <p>Memory: a segment's buffer grows with what one batch sends to one worker; everything in it
 * holds send quota, so the quota caps it. A segment is flushed early once it holds
 * {@link #EARLY_FLUSH_BYTES}, which bounds the latency a long batch adds. Handed-off segments are
 * reused once their worker is done with them, so a steady flow allocates nothing.
 *
 * <p>Owned by one thread: every method must be called by that thread.
 */
public final class SendBatch {

    /** A segment holding this much is handed off without waiting for {@link #flush()}. */
    static final int EARLY_FLUSH_BYTES = 256 * 1024;

    private IoWorker[] workers = new IoWorker[4];
    private Segment[] filling = new Segment[4];
    /**
     * Per worker, every segment ever made for it, in hand-off order starting at {@code oldest}: a
     * worker runs its commands in the order queued, so segments come back in the order handed
     * off, and the oldest is the only one worth looking at. Taking a spare is O(1).
     */
    private Segment[][] rings = new Segment[4][];
    private int[] oldest = new int[4];
    private int workerCount;

    /** Called by {@link Connection#send(ByteBuffer, SendBatch)} after the quota was taken. */
    void add(IoWorker worker, Connection connection, ByteBuffer payload, int length) {
        int slot = slotOf(worker);
        Segment segment = filling[slot];
        if (segment == null) {
            segment = takeSpare(slot);
            filling[slot] = segment;
        }
        segment.add(connection, payload, length);
        if (segment.bytes.position() >= EARLY_FLUSH_BYTES) {
            handOff(slot);
        }
    }

    /**
     * Runs {@code task} on {@code connection}'s worker with the rest of this batch (after its
     * frames for that worker), instead of as a command of its own: how a resumable session's
     * flush shares the batch's one hand-off per worker. Dropped if the worker died.
     */
    public void runOnWorker(Connection connection, Runnable task) {
        IoWorker worker = connection.worker();
        int slot = slotOf(worker);
        Segment segment = filling[slot];
        if (segment == null) {
            segment = takeSpare(slot);
            filling[slot] = segment;
        }
        segment.addTask(task);
    }

    /** Hands every collected frame to its worker: one command per worker with frames. */
    public void flush() {
        for (int slot = 0; slot < workerCount; slot++) {
            if (filling[slot] != null) {
                handOff(slot);
            }
        }
    }

    private void handOff(int slot) {
        Segment segment = filling[slot];
        filling[slot] = null;
        segment.inUseByWorker = true;
        workers[slot].execute(segment);
    }

    private int slotOf(IoWorker worker) {
        // A thread sends to a handful of workers: a scan by identity beats hashing.
        for (int i = 0; i < workerCount; i++) {
            if (workers[i] == worker) {
                return i;
            }
        }
        if (workerCount == workers.length) {
            workers = java.util.Arrays.copyOf(workers, workerCount * 2);
            filling = java.util.Arrays.copyOf(filling, workerCount * 2);
            rings = java.util.Arrays.copyOf(rings, workerCount * 2);
            oldest = java.util.Arrays.copyOf(oldest, workerCount * 2);
        }
        workers[workerCount] = worker;
        rings[workerCount] = new Segment[] {new Segment()};
        oldest[workerCount] = 0;
        return workerCount++;
    }

    private Segment takeSpare(int slot) {
        Segment[] ring = rings[slot];
        int head = oldest[slot];
        Segment candidate = ring[head];
        if (!candidate.inUseByWorker) {
            // The oldest is back: it becomes the newest, and the next oldest is the one after it.
            oldest[slot] = head + 1 == ring.length ? 0 : head + 1;
            return candidate;
        }
        // The oldest is still with the worker, so every one is: add one just before it (the newest
        // position of the circle). Their number stays as small as the number of batches a worker
        // lags behind, and their bytes are bounded by the send quota.
        Segment fresh = new Segment();
        Segment[] grown = new Segment[ring.length + 1];
        System.arraycopy(ring, 0, grown, 0, head);
        grown[head] = fresh;
        System.arraycopy(ring, head, grown, head + 1, ring.length - head);
        rings[slot] = grown;
        oldest[slot] = head + 1;
        return fresh;
    }

    /** The frames of one batch for one worker; run on that worker as a command. */
    static final class Segment implements WorkerCommand {
        private Connection[] connections = new Connection[64];
        private int[] offsets = new int[64];
        private int count;
        private Runnable[] tasks = new Runnable[8];
        private int taskCount;
        ByteBuffer bytes = ByteBuffer.allocate(4096);
        /** Set by the owner before the hand-off, cleared by the worker after delivering (release/acquire). */
        volatile boolean inUseByWorker;

        void add(Connection connection, ByteBuffer payload, int length) {
            if (count == connections.length) {
                connections = java.util.Arrays.copyOf(connections, count * 2);
                offsets = java.util.Arrays.copyOf(offsets, count * 2);
            }
            ByteBuffer buffer = bytes;
            if (buffer.remaining() < length) {
                int size = Math.max(buffer.position() + length, buffer.capacity() * 2);
                ByteBuffer bigger = ByteBuffer.allocate(size);
                bigger.put(0, buffer, 0, buffer.position());
                bigger.position(buffer.position());
                bytes = bigger;
                buffer = bigger;
            }
            offsets[count] = buffer.position();
            buffer.put(buffer.position(), payload, payload.position(), length);
            buffer.position(buffer.position() + length);
            connections[count++] = connection;
        }

        void addTask(Runnable task) {
            if (taskCount == tasks.length) {
                tasks = java.util.Arrays.copyOf(tasks, taskCount * 2);
            }
            tasks[taskCount++] = task;
        }

        /** The worker died before running this command: each frame's quota comes back, nothing is sent. Any thread. */
        @Override
        public void discard(IoWorker worker) {
            empty(false);
        }

        /** Worker thread: appends every frame to its connection, then gives the segment back. */
        @Override
        public void run(IoWorker worker) {
            empty(true);
        }

        private void empty(boolean append) {
            ByteBuffer buffer = bytes;
            int end = buffer.position();
            for (int i = 0; i < count; i++) {
                int start = offsets[i];
                int length = (i + 1 < count ? offsets[i + 1] : end) - start;
                if (append) {
                    connections[i].appendFrame(buffer, start, length);
                } else {
                    connections[i].dropFrame(length);
                }
                connections[i] = null;
            }
            count = 0;
            buffer.clear();
            for (int i = 0; i < taskCount; i++) {
                Runnable task = tasks[i];
                tasks[i] = null;
                if (append) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // One session's task must not cost the other frames and tasks of the batch.
                        org.slf4j.LoggerFactory.getLogger(SendBatch.class).error("a batched task failed", e);
                    }
                }
            }
            taskCount = 0;
            // Last, with release semantics: the owner may refill the segment once it reads false.
            inUseByWorker = false;
        }
    }
}
