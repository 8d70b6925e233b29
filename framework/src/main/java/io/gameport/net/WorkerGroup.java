package io.gameport.net;

import io.gameport.log.PeerLogs;
import io.gameport.transport.Backends;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.ErrorMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O workers of one server or client, with what they share: the backend, the send quota,
 * the error counters, and one timer thread that turns delays (backoff retries) into commands
 * posted to a worker, so workers themselves never poll with a timeout.
 */
public final class WorkerGroup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerGroup.class);

    private final TransportSettings settings;
    private final int maxFrameBytes;
    private final PeerLogs peerLogs;
    private final TransportLogs logs;
    private final CompletionBackend backend;
    private final ErrorMetrics errors;
    private final SendQuota sendQuota;
    private final IoWorker[] workers;
    private final GuardedTimer timer;
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong releasedConnections = new AtomicLong();
    private final AtomicInteger nextWorker = new AtomicInteger();
    private final LongAdder orphanedSockets = new LongAdder();
    private final AtomicLongArray closes = new AtomicLongArray(CloseReason.values().length);
    private volatile boolean closed;
    private volatile io.gameport.tls.TlsContext tlsContext;

    /**
     * Opens the configured backend and starts the workers; each opens its own port on its own thread.
     *
     * @param maxFrameBytes the largest frame payload a peer may send; a larger header closes the connection
     * @param logs          how many lines a second each kind of line a peer can provoke may write
     */
    public WorkerGroup(String name, TransportSettings settings, int maxFrameBytes, ConnectionHandler handler, ErrorMetrics errors,
                       PeerLogs logs) throws IOException {
        this(name, settings, maxFrameBytes, handler, errors, logs, openBackend(settings, errors));
    }

    /**
     * Starts workers on a backend the caller opened (a studio's own, or a scripted one in tests).
     * The group owns it from here on and closes it last.
     */
    public WorkerGroup(String name, TransportSettings settings, int maxFrameBytes, ConnectionHandler handler, ErrorMetrics errors,
                       PeerLogs logs, CompletionBackend backend) throws IOException {
        try {
            if (maxFrameBytes < 0) {
                throw new IllegalArgumentException("maxFrameBytes must be >= 0, was " + maxFrameBytes);
            }
            settings.checkFrameFits(maxFrameBytes);
            DirectMemory.check(settings, DirectMemory.jvmMaxBytes());
        } catch (IllegalArgumentException e) {
            backend.close();
            throw e;
        }
        this.settings = settings;
        this.maxFrameBytes = maxFrameBytes;
        this.peerLogs = logs;
        this.logs = TransportLogs.of(logs);
        this.errors = errors;
        this.backend = backend;
        this.sendQuota = new SendQuota(settings.sendQuota());
        this.timer = new GuardedTimer(name + "-timer");
        this.workers = new IoWorker[settings.workers()];
        try {
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new IoWorker(i, this, backend, handler);
                workers[i].start(name + "-io-" + i);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (settings.idleTimeoutMs() > 0) {
            everyLiveWorker(settings.idleTimeoutMs() / IoWorker.SWEEPS_PER_IDLE_TIMEOUT, IoWorker::requestIdleSweep);
        }
        if (settings.peerProbePeriodMs() > 0 && backend.canMissResets()) {
            everyLiveWorker(settings.peerProbePeriodMs(), IoWorker::requestPeerProbe);
        }
        everyLiveWorker(IoWorker.POOL_TRIM_PERIOD_MS, IoWorker::requestPoolTrim);
    }

    /** On the group's timer every {@code periodMs}: {@code request} for each worker still alive (a sweep it queues for itself). */
    private void everyLiveWorker(long periodMs, java.util.function.Consumer<IoWorker> request) {
        timer.scheduleAtFixedRate(() -> {
            for (IoWorker worker : workers) {
                if (!worker.isDead()) {
                    request.accept(worker);
                }
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Set once, before the first listen or connect: every connection of the group then speaks TLS. */
    void useTls(io.gameport.tls.TlsContext context) {
        tlsContext = context;
    }

    /** The TLS context of the group's connections, or null for plaintext. */
    public io.gameport.tls.TlsContext tlsContext() {
        return tlsContext;
    }

    private static CompletionBackend openBackend(TransportSettings settings, ErrorMetrics errors) throws IOException {
        return Backends.open(settings.backend(), settings.socket(), settings.ioUring(), settings.iocp(), errors);
    }

    public TransportSettings settings() {
        return settings;
    }

    /** The largest frame payload a peer may send this group's connections. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    TransportLogs logs() {
        return logs;
    }

    public String backendName() {
        return backend.name();
    }

    public ErrorMetrics errors() {
        return errors;
    }

    public SendQuota sendQuota() {
        return sendQuota;
    }

    public int workerCount() {
        return workers.length;
    }

    IoWorker worker(int index) {
        return workers[index];
    }

    /** Connections released so far (each exactly once, after its last completion). */
    public long releasedConnections() {
        return releasedConnections.get();
    }

    /** Completions that arrived for already released connections, over all workers: must stay 0. */
    public long staleCompletions() {
        long sum = 0;
        for (IoWorker worker : workers) {
            if (worker != null) {
                sum += worker.staleCompletions();
            }
        }
        return sum;
    }

    /** Connections the peer probe closed because the kernel had dropped them, or their peer had ended them, unreported ({@link PeerProbe}), over all workers. */
    public long peerProbeCloses() {
        long sum = 0;
        for (IoWorker worker : workers) {
            if (worker != null) {
                sum += worker.peerProbeCloses();
            }
        }
        return sum;
    }

    /** Sends completed with fewer bytes than offered, over all workers. */
    public long partialSends() {
        long sum = 0;
        for (IoWorker worker : workers) {
            if (worker != null) {
                sum += worker.partialSends();
            }
        }
        return sum;
    }

    /**
     * Listeners stopped because their accept failed for good (EBADF, EINVAL, ENOTSOCK, WSAENOTSOCK,
     * WSAEINVAL, ...): each was logged once with the code's name and accepts nothing more.
     */
    public long failedListeners() {
        long sum = 0;
        for (IoWorker worker : workers) {
            if (worker != null) {
                sum += worker.failedListeners();
            }
        }
        return sum;
    }

    /** RuntimeExceptions the workers caught outside handler code, over all workers (each closed its connection). */
    public long internalErrors() {
        long sum = 0;
        for (IoWorker worker : workers) {
            if (worker != null) {
                sum += worker.internalErrors();
            }
        }
        return sum;
    }

    /** Connections opened so far (accepted or connected), over all workers. */
    public long openedConnections() {
        return connectionIds.get();
    }

    /** Bytes the kernel received for the group's connections (TLS records included), over all workers. */
    public long bytesReceived() {
        return sumTraffic(WorkerTraffic::bytesReceived);
    }

    /** Bytes the kernel accepted to send for the group's connections (TLS records included), over all workers. */
    public long bytesSent() {
        return sumTraffic(WorkerTraffic::bytesSent);
    }

    /** Whole frames received and handed to the connection handlers, over all workers. */
    public long framesReceived() {
        return sumTraffic(WorkerTraffic::framesReceived);
    }

    /** Frames whose last byte went out, over all workers. */
    public long framesSent() {
        return sumTraffic(WorkerTraffic::framesSent);
    }

    /** Times a worker woke from a blocking poll (for a completion or another thread's wake-up), over all workers. */
    public long wakeups() {
        return sumTraffic(WorkerTraffic::wakeups);
    }

    private long sumTraffic(java.util.function.ToLongFunction<WorkerTraffic> counter) {
        long sum = 0;
        for (IoWorker worker : workers) {
            if (worker != null) {
                sum += counter.applyAsLong(worker.traffic());
            }
        }
        return sum;
    }

    /** Connections closed with {@code reason} so far (each close counted once, when it starts). */
    public long closeCount(CloseReason reason) {
        return closes.get(reason.ordinal());
    }

    void countClose(CloseReason reason) {
        closes.incrementAndGet(reason.ordinal());
    }

    /** Where the lines peers provoke in this group's connections go, and how many a second. */
    public PeerLogs peerLogs() {
        return peerLogs;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    void connectionReleased() {
        releasedConnections.incrementAndGet();
    }

    /**
     * Counts a freshly accepted socket against the listening worker's caps (closing it there when
     * over one), then hands it over. {@code acceptor} null: the caller is no worker's loop, the
     * socket is handed over uncounted (see {@link #handOver}).
     */
    void assign(long socket, IoWorker acceptor) {
        if (acceptor == null) {
            handOver(socket, null, null, null);
            return;
        }
        InetSocketAddress remote = acceptor.port().remoteAddress(socket);
        if (!acceptor.admit(socket, remote)) {
            return;
        }
        handOver(socket, remote, acceptor, acceptor);
    }

    /**
     * Hands an admitted socket to the next live worker in turn. {@code caller} is the worker
     * calling (it adopts directly), or null when the caller is no worker's loop (a socket
     * handed to a worker that died before taking it comes back here). A dead worker's slot table,
     * scratch memory and port are never touched: with no live worker left the socket is closed
     * through the backend, counted in {@link #orphanedSockets()}, and counted out of
     * {@code admittedBy}'s caps.
     */
    void handOver(long socket, InetSocketAddress remote, IoWorker admittedBy, IoWorker caller) {
        IoWorker target = nextWorker();
        if (target.isDead()) {
            // Other threads moving the turn on can make one round see only dead workers; the
            // acceptor is alive while it runs this.
            target = caller != null && !caller.isDead() ? caller : null;
        }
        if (target == null) {
            orphanedSockets.increment();
            LOG.warn("accepted socket {} closed: no live I/O worker to take it", socket);
            backend.closeUnowned(socket);
            if (admittedBy != null) {
                admittedBy.releaseAdmission(remote == null ? null : remote.getAddress());
            }
        } else if (target == caller) {
            target.adopt(socket, remote, admittedBy);
        } else {
            // Should the target die before taking it, its discard hands the socket back here.
            target.execute(new WorkerCommand.AdoptSocket(socket, remote, admittedBy));
        }
    }

    /** The backend the workers run on (after {@link io.gameport.transport.Backend#AUTO} and any fallback were resolved). */
    public CompletionBackend backend() {
        return backend;
    }

    /** Accepted sockets closed because no live worker was left to take them. */
    public long orphanedSockets() {
        return orphanedSockets.sum();
    }

    /** The next worker in turn whose port is alive (a worker whose port closed under it takes no new connection). */
    IoWorker nextWorker() {
        IoWorker worker = null;
        for (int i = 0; i < workers.length; i++) {
            worker = workers[Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
            if (!worker.isDead()) {
                return worker;
            }
        }
        return worker;
    }

    /** Stopping workers still need their scheduled retries (each holds a pending operation), so the timer outlives them. */
    void schedule(int delayMs, IoWorker worker, WorkerCommand command) {
        timer.schedule(() -> worker.execute(command), delayMs, TimeUnit.MILLISECONDS);
    }

    /** Closes every listener of the group; open connections stay. Returns at once: each worker closes its own. */
    public void closeListeners() {
        for (IoWorker worker : workers) {
            if (worker != null) {
                worker.requestCloseListeners();
            }
        }
    }

    /**
     * Closes every connection and listener, waits until each worker has reaped its last
     * completion and closed its port, then releases the backend. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (IoWorker worker : workers) {
            if (worker != null) {
                worker.requestStop();
            }
        }
        boolean interrupted = false;
        for (IoWorker worker : workers) {
            if (worker == null) {
                continue;
            }
            while (true) {
                try {
                    worker.awaitTermination();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            // The executor reports terminated before its thread has finished exiting.
            Thread t = timer.thread();
            if (t != null) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        backend.close();
        LOG.debug("worker group closed; backend {} released", backend.name());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
