package io.gameport.net;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue through which other threads reach an {@link IoWorker}, with the handshake that lets
 * the worker block in its port without missing a command: the worker announces it may sleep and
 * looks once more; a producer that sees the announcement takes it back and wakes the port.
 * Lock-free on both sides; offering allocates only the queue's node.
 *
 * <p>After the worker's port died the mailbox is closed: commands are discarded (their quota,
 * sockets and futures given back) by whoever finds them, the dying worker or a late producer.
 */
final class WorkerMailbox {

    /** Commands run per loop turn, so a flood of sends cannot starve completions. */
    static final int COMMANDS_PER_TURN = 4096;

    private final IoWorker worker;
    private final ConcurrentLinkedQueue<WorkerCommand> commands = new ConcurrentLinkedQueue<>();
    /** 1 while the worker may be blocked in poll: a producer that sees it posts a wake-up. */
    private final AtomicInteger sleeping = new AtomicInteger();
    /** The loop ended (its port closed under it): commands are discarded by whoever queues them. */
    private volatile boolean closed;

    WorkerMailbox(IoWorker worker) {
        this.worker = worker;
    }

    /**
     * Queues a command. Any thread. Returns whether the caller must wake the worker's port: it may
     * be blocked, and this caller is the one that took its announcement back.
     */
    boolean offer(WorkerCommand command) {
        commands.offer(command);
        if (closed) {
            // Offered before reading closed: either the dying worker's own discard sees it, or we do.
            discardAll();
            return false;
        }
        return sleeping.get() == 1 && sleeping.compareAndSet(1, 0);
    }

    /**
     * Worker thread, before polling: whether the port may block. Nothing queued: the worker
     * announces it may sleep, then looks again, since a producer that enqueued before it saw the
     * announcement did not wake it and its command must be visible here (volatile ordering).
     */
    boolean prepareToBlock() {
        if (!commands.isEmpty()) {
            return false;
        }
        sleeping.set(1);
        boolean block = commands.isEmpty();
        if (!block) {
            sleeping.set(0);
        }
        return block;
    }

    /** Worker thread, after polling. */
    void awake() {
        sleeping.set(0);
    }

    /**
     * Worker thread: runs up to {@link #COMMANDS_PER_TURN} commands in the order queued. A
     * RuntimeException closes the connection the command concerned and the next command runs; an
     * Error is reported as fatal and ends the loop.
     */
    void drain() {
        for (int i = 0; i < COMMANDS_PER_TURN; i++) {
            WorkerCommand command = commands.poll();
            if (command == null) {
                return;
            }
            try {
                command.run(worker);
            } catch (RuntimeException e) {
                worker.onInternalError("running " + command.getClass().getSimpleName(), command.connection(), e);
            } catch (Error e) {
                worker.fatal("running " + command.getClass().getSimpleName() + " for " + command.connection(), e);
                throw e;
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** The worker's port died: from now on every command is discarded, those queued now included. */
    void close() {
        closed = true;
        discardAll();
    }

    /** After the close, from any thread. */
    private void discardAll() {
        WorkerCommand command;
        while ((command = commands.poll()) != null) {
            command.discard(worker);
        }
    }
}
