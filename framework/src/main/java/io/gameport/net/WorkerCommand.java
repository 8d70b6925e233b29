package io.gameport.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Work another thread (or the group's timer) hands an {@link IoWorker} through its
 * {@link WorkerMailbox}. The set is closed: every command says what it does on the worker thread
 * ({@link #run}) and what becomes of it when the worker's port died before it ran
 * ({@link #discard}), side by side, so no command can be added without deciding both.
 *
 * <p>Commands that only touch one connection name it ({@link #connection()}), so a bug while
 * running one closes that connection rather than the worker.
 */
sealed interface WorkerCommand
        permits WorkerCommand.Send, WorkerCommand.OnConnection, WorkerCommand.AdoptSocket,
                WorkerCommand.AdmissionReleased, WorkerCommand.Listen, WorkerCommand.Connect, WorkerCommand.RearmAccept,
                WorkerCommand.Signal, WorkerTask, SendBatch.Segment {

    /** Worker thread: does the work. */
    void run(IoWorker worker);

    /**
     * The worker's port died before the command ran: give back what it holds (quota, a socket, a
     * waiting future). Any thread: the dying worker, or whoever queued it after the death.
     */
    void discard(IoWorker worker);

    /** The one connection this command concerns, or null. */
    default Connection connection() {
        return null;
    }

    /** A frame sent from another thread: its quota is taken already, the worker copies it into the outbound chunks. */
    record Send(Connection connection, ByteBuffer payload, int offset, int length) implements WorkerCommand {
        @Override
        public void run(IoWorker worker) {
            connection.appendFrame(payload, offset, length);
        }

        @Override
        public void discard(IoWorker worker) {
            connection.dropFrame(length);
        }
    }

    /**
     * A command on one open connection that gives nothing back when discarded: the connection
     * ended with the port, and its close returned what it held.
     */
    sealed interface OnConnection extends WorkerCommand permits Close, RetryReceive, RetrySend {
        @Override
        default void discard(IoWorker worker) {
        }
    }

    record Close(Connection connection, CloseReason reason) implements OnConnection {
        @Override
        public void run(IoWorker worker) {
            connection.startClose(reason);
        }
    }

    /** A receive failed for want of kernel resources; its back-off ran out. */
    record RetryReceive(Connection connection) implements OnConnection {
        @Override
        public void run(IoWorker worker) {
            connection.retryReceive();
        }
    }

    /** A send failed for want of kernel resources; its back-off ran out. */
    record RetrySend(Connection connection) implements OnConnection {
        @Override
        public void run(IoWorker worker) {
            connection.retrySend();
        }
    }

    /**
     * An accepted socket handed to this worker. {@code admittedBy} is the listening worker that
     * counted it against its caps ({@code remote} the peer it counted), or null for a socket no
     * listener counted (tests hand sockets over directly).
     */
    record AdoptSocket(long socket, InetSocketAddress remote, IoWorker admittedBy) implements WorkerCommand {
        @Override
        public void run(IoWorker worker) {
            worker.adopt(socket, remote, admittedBy);
        }

        /** Handed over as this worker died: another live worker takes it (or it is closed). */
        @Override
        public void discard(IoWorker worker) {
            worker.group().handOver(socket, remote, admittedBy, null);
        }
    }

    /** An admitted connection of another worker was released: the listening worker counts it out. */
    record AdmissionReleased(InetAddress address) implements WorkerCommand {
        @Override
        public void run(IoWorker worker) {
            worker.acceptor().releaseAdmission(address);
        }

        /** The listener and its counts ended with the port. */
        @Override
        public void discard(IoWorker worker) {
        }
    }

    record Listen(InetSocketAddress address, CompletableFuture<InetSocketAddress> result) implements WorkerCommand {
        @Override
        public void run(IoWorker worker) {
            worker.acceptor().startListening(this);
        }

        @Override
        public void discard(IoWorker worker) {
            result.completeExceptionally(lostPort(worker));
        }
    }

    record Connect(InetSocketAddress address, ConnectionHandler handler, CompletableFuture<Connection> result)
            implements WorkerCommand {
        @Override
        public void run(IoWorker worker) {
            worker.connects().start(this);
        }

        @Override
        public void discard(IoWorker worker) {
            result.completeExceptionally(lostPort(worker));
        }
    }

    /** An accept that failed for want of descriptors waited out its back-off. */
    record RearmAccept(Acceptor.Listener listener) implements WorkerCommand {
        @Override
        public void run(IoWorker worker) {
            worker.acceptor().rearm(listener);
        }

        /** The listener ended with the port. */
        @Override
        public void discard(IoWorker worker) {
        }
    }

    /** Commands without arguments: one instance each, so sending one allocates nothing. */
    enum Signal implements WorkerCommand {
        /** Close every listener and connection, then end the loop once the last is released. */
        STOP,
        /** Close every listener; open connections stay (a draining server). */
        CLOSE_LISTENERS,
        /** The group's timer asks for an idle sweep (at most one queued at a time). */
        IDLE_SWEEP,
        /** The group's timer asks for a peer-probe sweep ({@link PeerProbe}; at most one queued at a time). */
        PEER_PROBE,
        /** The group's timer asks the worker to give back pooled buffers it stopped needing (at most one queued at a time). */
        POOL_TRIM;

        @Override
        public void run(IoWorker worker) {
            switch (this) {
                case STOP -> worker.beginStop();
                case CLOSE_LISTENERS -> worker.closeListeners();
                case IDLE_SWEEP -> worker.sweepIdle();
                case PEER_PROBE -> worker.probePeers();
                case POOL_TRIM -> worker.trimPools();
                default -> throw new IllegalStateException("unhandled worker signal " + this);
            }
        }

        /** What they would stop or sweep ended with the port. */
        @Override
        public void discard(IoWorker worker) {
        }
    }

    private static IOException lostPort(IoWorker worker) {
        return new IOException("I/O worker " + worker.index() + " lost its completion port");
    }
}
