package io.gameport.net;

import io.gameport.transport.CompletionPort;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One worker's sweep for connections the kernel has dropped, or the peer has ended, without a
 * completion saying so. io_uring's multishot receive has been seen (kernel 6.18) to deliver a
 * peer's last bytes flagged "more to come" and then never report the reset that followed: the
 * connection would stay open, holding its slot, quota and caps, on a socket the kernel no longer
 * has. liburing issue #1549 reports the same for an end of stream (not seen here): a silent
 * connection whose peer's FIN is in with nothing left unread at two sweeps in a row, while its
 * receive is armed, ends as that receive would have ended it. Every
 * {@link TransportSettings#peerProbePeriodMs()} the group's timer asks each worker for a sweep; the
 * sweep asks the port ({@link CompletionPort#probePeer}) about every open connection that received
 * nothing since the last sweep, so busy connections cost nothing. A connection found gone fails
 * like a failed receive: its error is recorded (named, counted and logged by the error metrics),
 * and it closes through the normal close (PEER_RESET for a reset), which cancels its armed receive
 * and releases it once that and the close have completed.
 *
 * <p>Thread contract: {@link #request()} from any thread; the rest on the worker's thread.
 */
final class PeerProbe {

    /** The context the probe's failures are recorded under (a constant: recording allocates nothing more). */
    static final String OPERATION = "peer probe (the kernel dropped the connection; no completion said so)";

    private final IoWorker worker;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final LongAdder closes = new LongAdder();

    PeerProbe(IoWorker worker) {
        this.worker = worker;
    }

    /** From the group's timer: at most one sweep queued at a time. Any thread. */
    void request() {
        if (queued.compareAndSet(false, true)) {
            worker.execute(WorkerCommand.Signal.PEER_PROBE);
        }
    }

    /** One sweep over the worker's connections. Worker thread. */
    void sweep(ConnectionTable connections) {
        queued.set(false);
        connections.probeSilent(this);
    }

    /**
     * Asks the port about one open connection that received nothing since the last sweep; closes
     * it when the kernel has dropped it. Allocates nothing unless it closes.
     */
    void probe(Connection connection) {
        long result = worker.port().probePeer(connection.socket);
        if (result == CompletionPort.PEER_ENDED) {
            if (connection.endOfStreamUnreported()) {
                closes.increment();
            }
        } else if (result < 0) {
            connection.onFailure(result, OPERATION);
            if (connection.state() != Connection.OPEN) {
                closes.increment();
            }
        }
    }

    /** Connections the probe closed (an answer classed as a shortage is recorded but leaves the connection open). Any thread. */
    long closes() {
        return closes.sum();
    }
}
