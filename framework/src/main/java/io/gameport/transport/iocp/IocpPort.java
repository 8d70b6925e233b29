package io.gameport.transport.iocp;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.gameport.nativeio.windows.Kernel32;
import io.gameport.nativeio.windows.NtStatus;
import io.gameport.nativeio.windows.OverlappedEntryLayout;
import io.gameport.nativeio.windows.SockaddrStorageLayout;
import io.gameport.nativeio.windows.Sockaddrs;
import io.gameport.nativeio.windows.WinCallException;
import io.gameport.nativeio.windows.WinConstants;
import io.gameport.nativeio.windows.WinError;
import io.gameport.nativeio.windows.Winsock;
import io.gameport.nativeio.windows.WinsockExtensions;
import io.gameport.nativeio.windows.WsabufLayout;
import io.gameport.transport.CompletionHandler;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import io.gameport.transport.SocketOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O worker's Windows I/O completion port, implementing the {@link CompletionPort} contract
 * with overlapped Winsock calls.
 *
 * <h2>How each operation maps to IOCP</h2>
 * <ul>
 *   <li><b>Memory.</b> Every operation owns a slot of one native slab ({@link OperationSlab},
 *   {@link SlotLayout}): OVERLAPPED at offset 0, WSABUFs, out-parameters, addresses. A slot is
 *   freed only after its completion was dequeued (or after the port knows none will come), also for
 *   a socket already closed: the 995 packets of a close still arrive and still name the slot.</li>
 *   <li><b>receive</b> is armed until it ends: each chunk of data completes with
 *   {@link Completions#FLAG_MORE}; end of stream (result 0), an error, or a cancel/close (995)
 *   completes without it. In {@link IocpReceiveMode#ZERO_BYTE} mode (the default) the port posts a
 *   zero-byte WSARecv, and when it completes drains the socket with non-blocking {@code recv} into
 *   one port-owned buffer, at most {@link IocpSettings#maxDrainRounds()} reads per completion
 *   before re-posting, so one flooding peer cannot starve the others. In
 *   {@link IocpReceiveMode#POSTED_BUFFERS} mode each armed receive posts its own buffer. The data
 *   buffer handed to the handler is valid only during the call.</li>
 *   <li><b>send</b> gathers up to {@value SlotLayout#MAX_WSABUFS} buffers into one WSASend; more
 *   buffers, or a kernel that takes fewer bytes, give a partial completion which the caller
 *   resends from where it ended.</li>
 *   <li><b>accept</b> keeps {@link IocpSettings#acceptsPerListener()} AcceptEx outstanding, each
 *   with a pre-made socket; every accepted socket completes with FLAG_MORE. A failed accept
 *   (a peer that reset before it was accepted) closes only that socket, is counted, and is
 *   re-posted. The accept ends with 995 after {@link #cancel} or {@link #closeListener}, once the
 *   last outstanding AcceptEx was reaped (and before the listener's close completes); only then
 *   may it be armed again.</li>
 *   <li><b>connect</b> binds a new socket to the wildcard address and calls ConnectEx. A connected
 *   socket stays associated with this port for its lifetime (IOCP allows one association per
 *   handle), so {@link #adopt} of it on another port fails; accepted sockets are associated lazily,
 *   on their first use or adopt, with whichever port that is.</li>
 *   <li><b>close</b>: CancelIoEx(socket, NULL), shutdown(SD_SEND), closesocket; the close completes
 *   once through the local queue, after the completions of every operation it aborted, so the
 *   caller may release everything of the socket on it. Every operation of a socket closed or
 *   cancelled here completes with 995 ERROR_OPERATION_ABORTED whatever the kernel reported (64
 *   ERROR_NETNAME_DELETED is what a closesocket with I/O pending often yields: the port knows it
 *   was its own doing). The handle's value may be reused by Windows as soon as close returns:
 *   callers key their state by token, not by handle.</li>
 *   <li><b>Inline completion.</b> With FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (default on), a call
 *   that succeeds inline posts no packet: its outcome goes to the local queue and the next
 *   {@link #poll} delivers it. A call failing at once with anything but WSA_IO_PENDING is
 *   delivered the same way, as a failed completion.</li>
 *   <li><b>Out of resources at start</b> (1450, 10055, or WSAEWOULDBLOCK meaning too many
 *   overlapped operations): the operation keeps its slot and is retried by a later poll with a
 *   doubling back-off, each attempt counted and logged, up to
 *   {@link IocpSettings#resourceRetryMaxAttempts()}; then the failure is delivered.</li>
 *   <li><b>Status of a dequeued packet.</b> GetQueuedCompletionStatusEx reports no per-entry
 *   error; a non-zero NTSTATUS in {@code OVERLAPPED.Internal} is turned into the Winsock code by
 *   WSAGetOverlappedResult (exactly what the Winsock calls themselves would report), with
 *   {@link NtStatus#toWinError} as the fallback when the socket can no longer answer.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Errors delivered as a completion's result are the caller's to classify and record. Errors the
 * port handles itself (a failed accept it re-posts, a retried start, shutdown or setsockopt
 * failures, GetQueuedCompletionStatusEx failures) are recorded in {@link ErrorMetrics} here.
 * ERROR_NOT_FOUND (1168) from CancelIoEx only says nothing was pending and is not an error.
 *
 * <h2>Threads</h2>
 * Owned by one worker thread: every method but {@link #wakeup()} must be called from it.
 * {@link #wakeup()} posts one packet with a reserved key, coalesced while one is outstanding; the
 * packet is swallowed by {@link #poll}. When the port handle is gone (GetQueuedCompletionStatusEx
 * fails with 6 or 735) {@link #poll} throws {@link IocpPortClosedException}: the worker exits.
 * (Windows wakes a wait in progress with 735 when the handle closes; Wine 8 does not, so stopping
 * a worker is done with {@link #wakeup()}, never by closing the handle under it.)
 */
public final class IocpPort implements CompletionPort {

    private static final Logger LOG = LoggerFactory.getLogger(IocpPort.class);

    /** The completion key of every socket: operations are identified by their OVERLAPPED, not the key. */
    static final long SOCKET_KEY = 1L;
    /** The completion key of wake-up packets (posted with no OVERLAPPED). */
    static final long WAKEUP_KEY = 0x5741_4B45_5550L;
    private static final int SCRATCH_BYTES = SockaddrStorageLayout.SIZE + 16;
    private static final int SCRATCH_LENGTH_OFFSET = SockaddrStorageLayout.SIZE;

    private final IocpBackend backend;
    private final OverlappedStarts starts;
    private final IocpSettings settings;
    private final ErrorMetrics metrics;
    private final SocketOptions options;
    private final boolean zeroByte;
    private final long port;
    private final long slabBase;
    private final OperationSlab slab;
    private final ByteBuffer mem;
    private final long entries;
    private final ByteBuffer entriesView;
    private final int batch;
    private final long drainBuffer;
    private final ByteBuffer drainView;
    private final long scratch;
    private final ByteBuffer scratchView;
    private final HandleTable sockets = new HandleTable(64);
    private final LocalQueue local = new LocalQueue(64);
    private final RetryQueue retries = new RetryQueue();
    private final RetryQueue.DueVisitor retryVisitor = this::retryDue;
    private final AtomicBoolean wakeupPosted = new AtomicBoolean();
    /** wakeup() calls between announcing themselves and leaving; close() waits for 0. */
    private final AtomicInteger wakersInFlight = new AtomicInteger();
    private volatile boolean closed;
    /** close() found a wakeup() in flight and waited for it (tests observe the race with it). */
    private volatile boolean closeAwaitedWaker;
    private boolean leftOperationsInKernel;

    private CompletionHandler handler;
    private int delivered;
    private int ownedSockets;
    private long unknownPackets;
    private long inlineCompletions;

    private IocpPort(IocpBackend backend, OverlappedStarts starts, long port, long slabBase, long entries, long drainBuffer,
                     long scratch) {
        this.backend = backend;
        this.starts = starts;
        this.settings = backend.settings();
        this.metrics = backend.metrics();
        this.options = backend.options();
        this.zeroByte = settings.receiveMode() == IocpReceiveMode.ZERO_BYTE;
        this.port = port;
        this.slabBase = slabBase;
        int slabBytes = settings.maxOperations() * SlotLayout.SIZE;
        this.mem = view(slabBase, slabBytes);
        this.slab = new OperationSlab(slabBase, mem, settings.maxOperations(),
                (address, bytes) -> Kernel32.VirtualAlloc(address, bytes, WinConstants.MEM_COMMIT, WinConstants.PAGE_READWRITE) != 0L);
        this.batch = settings.dequeueBatch();
        this.entries = entries;
        this.entriesView = view(entries, batch * OverlappedEntryLayout.SIZE + 8);
        this.drainBuffer = drainBuffer;
        this.drainView = view(drainBuffer, settings.drainBufferBytes());
        this.scratch = scratch;
        this.scratchView = view(scratch, SCRATCH_BYTES);
    }

    /** Creates the completion port and its native memory. Called by {@link IocpBackend#openPort()}. */
    static IocpPort open(IocpBackend backend) throws IOException {
        return open(backend, OverlappedStarts.NATIVE);
    }

    /** As {@link #open(IocpBackend)}, with the calls that start operations answered by {@code starts} (tests). */
    static IocpPort open(IocpBackend backend, OverlappedStarts starts) throws IOException {
        IocpSettings settings = backend.settings();
        long port = Kernel32.CreateIoCompletionPort(WinConstants.INVALID_HANDLE_VALUE, 0L, 0L, 0);
        if (port == 0L) {
            throw new WinCallException("CreateIoCompletionPort", Native.getLastError());
        }
        // The whole slab's address range is reserved now so slots never move; pages are committed per chunk.
        long slabBase = Kernel32.VirtualAlloc(0L, (long) settings.maxOperations() * SlotLayout.SIZE,
                WinConstants.MEM_RESERVE, WinConstants.PAGE_READWRITE);
        int slabError = slabBase == 0L ? Native.getLastError() : 0;
        long entries = Native.malloc((long) settings.dequeueBatch() * OverlappedEntryLayout.SIZE + 8);
        long drain = Native.malloc(settings.drainBufferBytes());
        long scratch = Native.malloc(SCRATCH_BYTES);
        if (slabBase == 0L || entries == 0L || drain == 0L || scratch == 0L) {
            Kernel32.CloseHandle(port);
            if (slabBase != 0L) {
                Kernel32.VirtualFree(slabBase, 0L, WinConstants.MEM_RELEASE);
            }
            freeIfSet(entries);
            freeIfSet(drain);
            freeIfSet(scratch);
            throw new WinCallException("allocating the iocp port's native memory",
                    slabError != 0 ? slabError : WinError.ERROR_NOT_ENOUGH_MEMORY);
        }
        return new IocpPort(backend, starts, port, slabBase, entries, drain, scratch);
    }

    // ---------------------------------------------------------------- sockets and addresses

    @Override
    public long listen(InetSocketAddress address, int backlog) throws IOException {
        int family = Sockaddrs.family(address);
        if (backend.extensions(family) == null) {
            throw new WinCallException("listen on " + address + " (IPv6 unavailable)", WinError.WSAEAFNOSUPPORT);
        }
        long handle = newSocket(family);
        if (handle == WinConstants.INVALID_SOCKET) {
            throw new WinCallException("WSASocketW for listener " + address, Native.getLastError());
        }
        try {
            // Windows lets another process bind the same port with SO_REUSEADDR unless we claim it exclusively.
            scratchView.putInt(0, 1);
            if (Winsock.setsockopt(handle, WinConstants.SOL_SOCKET, WinConstants.SO_EXCLUSIVEADDRUSE, scratch, 4) != 0) {
                metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "SO_EXCLUSIVEADDRUSE on listener " + address);
            }
            int length = Sockaddrs.write(address, scratchView, 0);
            if (Winsock.bind(handle, scratch, length) != 0) {
                throw new WinCallException("bind " + address, Native.getLastError());
            }
            if (Winsock.listen(handle, backlog) != 0) {
                throw new WinCallException("listen " + address, Native.getLastError());
            }
            register(handle, family, true);
            return handle;
        } catch (WinCallException e) {
            if (Winsock.closesocket(handle) != 0) {
                metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "closesocket of listener that failed to start");
            }
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress(long handle) throws IOException {
        scratchView.putInt(SCRATCH_LENGTH_OFFSET, SockaddrStorageLayout.SIZE);
        if (Winsock.getsockname(handle, scratch, scratch + SCRATCH_LENGTH_OFFSET) != 0) {
            throw new WinCallException("getsockname of socket " + handle, Native.getLastError());
        }
        return Sockaddrs.read(scratchView, 0);
    }

    @Override
    public InetSocketAddress remoteAddress(long socket) {
        scratchView.putInt(SCRATCH_LENGTH_OFFSET, SockaddrStorageLayout.SIZE);
        if (Winsock.getpeername(socket, scratch, scratch + SCRATCH_LENGTH_OFFSET) != 0) {
            return null;
        }
        return Sockaddrs.read(scratchView, 0);
    }

    @Override
    public void adopt(long socket) throws IOException {
        if (sockets.get(socket) == null) {
            register(socket, 0, false);
        }
    }

    // ---------------------------------------------------------------- starting operations

    @Override
    public void accept(long listener, long token) {
        IocpSocket l = sockets.get(listener);
        if (l == null || !l.listener) {
            local.addDelivery(token, Completions.failure(WinError.WSAEINVAL), 0);
            return;
        }
        if (l.acceptSlots > 0) {
            throw new IllegalStateException("accept is already armed on listener " + listener);
        }
        l.acceptToken = token;
        l.acceptStopping = false;
        l.acceptEndError = 0;
        int first = -1;
        // All slots are taken before any starts, so one failing at once cannot end the accept early.
        for (int i = 0; i < settings.acceptsPerListener(); i++) {
            int slot = slab.allocate();
            if (slot < 0) {
                break;
            }
            slab.op[slot] = OperationSlab.OP_ACCEPT;
            slab.token[slot] = token;
            slab.where[slot] = OperationSlab.ACTIVE;
            link(slot, l);
            l.acceptSlots++;
            first = slot;
        }
        if (first < 0) {
            LOG.warn("iocp operation slab full ({} slots): cannot arm accept on listener {}", settings.maxOperations(), listener);
            local.addDelivery(token, Completions.failure(WinError.WSAENOBUFS), 0);
            return;
        }
        for (int slot = l.firstSlot; slot != -1; ) {
            int next = slab.nextOfSocket[slot];
            if (slab.op[slot] == OperationSlab.OP_ACCEPT && slab.where[slot] == OperationSlab.ACTIVE) {
                startAccept(slot);
            }
            slot = next;
        }
    }

    @Override
    public void connect(InetSocketAddress remote, long token) {
        if (remote.isUnresolved()) {
            // A failed name lookup is bad input for this one connect, never a reason to throw
            // into the worker: it completes like any other failed connect.
            local.addDelivery(token, Completions.failure(WinError.WSAEADDRNOTAVAIL), 0);
            return;
        }
        int family = Sockaddrs.family(remote);
        WinsockExtensions extensions = backend.extensions(family);
        if (extensions == null) {
            local.addDelivery(token, Completions.failure(WinError.WSAEAFNOSUPPORT), 0);
            return;
        }
        long handle = newSocket(family);
        if (handle == WinConstants.INVALID_SOCKET) {
            local.addDelivery(token, Completions.failure(Native.getLastError()), 0);
            return;
        }
        ownedSockets++;
        // ConnectEx works only on a bound socket.
        int length = Sockaddrs.writeWildcard(family, scratchView, 0);
        int error = 0;
        IocpSocket s = null;
        if (Winsock.bind(handle, scratch, length) != 0) {
            error = Native.getLastError();
        } else {
            try {
                s = register(handle, family, false);
            } catch (WinCallException e) {
                error = e.code();
            }
        }
        int slot = s == null ? -1 : slab.allocate();
        if (slot < 0) {
            if (s != null) {
                sockets.remove(handle);
                error = WinError.WSAENOBUFS;
            }
            closeOwnedSocket(handle, "connect setup");
            local.addDelivery(token, Completions.failure(error), 0);
            return;
        }
        slab.op[slot] = OperationSlab.OP_CONNECT;
        slab.token[slot] = token;
        link(slot, s);
        int at = slab.offset(slot);
        mem.putInt(at + SlotLayout.SOCKADDR_LENGTH_OFFSET, Sockaddrs.write(remote, mem, at + SlotLayout.ADDRESS_OFFSET));
        startConnect(slot);
    }

    @Override
    public void receive(long socket, long token) {
        IocpSocket s = socketFor(socket, token);
        if (s == null) {
            return;
        }
        int slot = allocateSlot(token);
        if (slot < 0) {
            return;
        }
        if (!zeroByte && slab.receiveBuffer[slot] == 0L) {
            long buffer = Native.malloc(settings.postedReceiveBufferBytes());
            if (buffer == 0L) {
                slab.where[slot] = OperationSlab.ACTIVE;
                slab.free(slot);
                local.addDelivery(token, Completions.failure(WinError.WSAENOBUFS), 0);
                return;
            }
            // Kept with the slot for the port's lifetime: reused by every later receive in this slot.
            slab.receiveBuffer[slot] = buffer;
            slab.receiveView[slot] = view(buffer, settings.postedReceiveBufferBytes());
        }
        slab.op[slot] = OperationSlab.OP_RECEIVE;
        slab.token[slot] = token;
        link(slot, s);
        startReceive(slot);
    }

    @Override
    public void send(long socket, ByteBuffer[] buffers, int offset, int count, long token) {
        int n = Math.min(count, SlotLayout.MAX_WSABUFS);
        for (int i = 0; i < n; i++) {
            if (!buffers[offset + i].isDirect()) {
                throw new IllegalArgumentException("send buffers must be direct: buffer " + (offset + i));
            }
        }
        IocpSocket s = socketFor(socket, token);
        if (s == null) {
            return;
        }
        int slot = allocateSlot(token);
        if (slot < 0) {
            return;
        }
        slab.op[slot] = OperationSlab.OP_SEND;
        slab.token[slot] = token;
        link(slot, s);
        int at = slab.offset(slot) + SlotLayout.WSABUF_OFFSET;
        for (int i = 0; i < n; i++) {
            ByteBuffer b = buffers[offset + i];
            // JNA's public way to a direct buffer's address without jdk.unsupported; the Pointer is short-lived.
            long address = Pointer.nativeValue(Native.getDirectBufferPointer(b)) + b.position();
            mem.putInt(at + i * WsabufLayout.SIZE + WsabufLayout.LEN_OFFSET, b.remaining());
            mem.putLong(at + i * WsabufLayout.SIZE + WsabufLayout.BUF_OFFSET, address);
        }
        slab.bufferCount[slot] = n;
        startSend(slot);
    }

    @Override
    public void cancel(long socket, long token) {
        IocpSocket s = sockets.get(socket);
        if (s == null) {
            return;
        }
        if (s.listener && s.acceptSlots > 0 && s.acceptToken == token) {
            s.acceptStopping = true;
        }
        for (int slot = s.firstSlot; slot != -1; slot = slab.nextOfSocket[slot]) {
            if (slab.token[slot] != token || slab.aborted[slot]) {
                continue;
            }
            markAborted(slot);
            if (slab.where[slot] == OperationSlab.KERNEL && Kernel32.CancelIoEx(socket, slab.address(slot)) == 0) {
                int error = Native.getLastError();
                if (error != WinError.ERROR_NOT_FOUND) {
                    metrics.record(ErrorSpace.WINDOWS, error, "CancelIoEx on socket " + socket);
                }
            }
        }
    }

    @Override
    public void close(long socket, long token) {
        IocpSocket s = sockets.remove(socket);
        if (s != null) {
            s.closed = true;
            if (s.listener) {
                s.acceptStopping = true;
            }
            for (int slot = s.firstSlot; slot != -1; slot = slab.nextOfSocket[slot]) {
                markAborted(slot);
            }
            if (s.firstSlot != -1 && Kernel32.CancelIoEx(socket, 0L) == 0) {
                int error = Native.getLastError();
                if (error != WinError.ERROR_NOT_FOUND) {
                    metrics.record(ErrorSpace.WINDOWS, error, "CancelIoEx on closing socket " + socket);
                }
            }
        }
        if (s == null || !s.listener) {
            // Graceful close: our FIN goes out after the data already queued.
            if (Winsock.shutdown(socket, WinConstants.SD_SEND) != 0) {
                metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "shutdown(SD_SEND) of closing socket " + socket);
            }
        }
        long result = 0L;
        if (Winsock.closesocket(socket) != 0) {
            result = Completions.failure(Native.getLastError());
        }
        if (s != null && s.firstSlot != -1) {
            // Delivered by unlink() when the last aborted operation has completed.
            s.closeAwaitingOperations = true;
            s.closeToken = token;
            s.closeResult = result;
        } else {
            local.addDelivery(token, result, 0);
        }
    }

    @Override
    public void closeListener(long listener, long token) {
        close(listener, token);
    }

    /**
     * Any thread. Guarded like io_uring's {@code Waker}: a waker announces itself before it reads
     * {@link #closed}, and {@link #close()} sets {@code closed} before it waits for announced wakers
     * to leave, so either the waker sees the port closed or the handle outlives its post. A post
     * can never reach a closed handle, nor one Windows has recycled for another object.
     */
    @Override
    public void wakeup() {
        wakersInFlight.incrementAndGet();
        try {
            if (closed) {
                return;
            }
            if (wakeupPosted.compareAndSet(false, true)) {
                int error = starts.postWakeup(port);
                if (error != 0) {
                    wakeupPosted.set(false);
                    metrics.record(ErrorSpace.WINDOWS, error, "PostQueuedCompletionStatus (wake-up)");
                }
            }
        } finally {
            wakersInFlight.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- polling

    @Override
    public int poll(CompletionHandler handler, boolean block) throws IOException {
        if (closed) {
            throw new IocpPortClosedException("iocp port was closed", WinError.ERROR_INVALID_HANDLE);
        }
        this.handler = handler;
        this.delivered = 0;
        try {
            if (!retries.isEmpty()) {
                retries.drainDue(System.nanoTime(), retryVisitor);
            }
            drainLocal();
            int timeoutMs;
            if (!block || delivered > 0 || !local.isEmpty()) {
                timeoutMs = 0;
            } else if (!retries.isEmpty()) {
                // A back-off deadline, not timed polling: nothing else could wake us for it.
                timeoutMs = (int) Math.max(1L, (retries.nanosUntilNext(System.nanoTime()) + 999_999L) / 1_000_000L);
            } else {
                timeoutMs = WinConstants.INFINITE;
            }
            dequeue(timeoutMs);
            drainLocal();
            return delivered;
        } finally {
            this.handler = null;
        }
    }

    private void dequeue(int timeoutMs) throws IOException {
        long countAddress = entries + (long) batch * OverlappedEntryLayout.SIZE;
        if (Kernel32.GetQueuedCompletionStatusEx(port, entries, batch, countAddress, timeoutMs, 0) == 0) {
            int error = Native.getLastError();
            if (error == WinError.WAIT_TIMEOUT) {
                return;
            }
            Outcome outcome = metrics.record(ErrorSpace.WINDOWS, error, "GetQueuedCompletionStatusEx");
            if (outcome == Outcome.PORT_CLOSED) {
                throw new IocpPortClosedException("iocp port closed: " + WinError.name(error), error);
            }
            throw new WinCallException("GetQueuedCompletionStatusEx", error);
        }
        int removed = entriesView.getInt(batch * OverlappedEntryLayout.SIZE);
        for (int i = 0; i < removed; i++) {
            int at = i * OverlappedEntryLayout.SIZE;
            long key = entriesView.getLong(at + OverlappedEntryLayout.COMPLETION_KEY_OFFSET);
            long overlapped = entriesView.getLong(at + OverlappedEntryLayout.OVERLAPPED_OFFSET);
            int bytes = entriesView.getInt(at + OverlappedEntryLayout.BYTES_TRANSFERRED_OFFSET);
            if (overlapped == 0L) {
                if (key == WAKEUP_KEY) {
                    wakeupPosted.set(false);
                } else {
                    unknownPackets++;
                    LOG.warn("iocp: dropping a packet without OVERLAPPED and unknown key {}", key);
                }
                continue;
            }
            int slot = slab.slotOf(overlapped);
            if (slot < 0 || slab.where[slot] != OperationSlab.KERNEL) {
                unknownPackets++;
                LOG.warn("iocp: dropping a packet for OVERLAPPED 0x{} that is no pending operation of this port",
                        Long.toHexString(overlapped));
                continue;
            }
            int status = slab.status(slot);
            int error = status == NtStatus.STATUS_SUCCESS ? 0 : resolveError(slot, status);
            slab.where[slot] = OperationSlab.ACTIVE;
            complete(slot, error, bytes);
        }
    }

    /** The Winsock code of a failed packet, as the Winsock call itself would have reported it. */
    private int resolveError(int slot, int status) {
        if (slab.aborted[slot]) {
            // We closed or cancelled it: whatever the kernel says (995, 64, 1236), it was our doing,
            // and the handle may already be closed, so do not ask it.
            return WinError.ERROR_OPERATION_ABORTED;
        }
        long address = slab.address(slot);
        long handle = slab.owner[slot].handle;
        if (Winsock.WSAGetOverlappedResult(handle, address, address + SlotLayout.BYTES_OFFSET, 0,
                address + SlotLayout.RESULT_FLAGS_OFFSET) != 0) {
            return 0;
        }
        int error = Native.getLastError();
        if (error == 0 || error == WinError.WSAENOTSOCK || error == WinError.ERROR_INVALID_HANDLE
                || error == WinError.ERROR_IO_INCOMPLETE) {
            return NtStatus.toWinError(status);
        }
        return error;
    }

    private void drainLocal() {
        // Only what is queued now: entries added by handlers wait for the next round.
        for (int n = local.size(); n > 0 && !local.isEmpty(); n--) {
            int slot = local.headSlot();
            if (slot == LocalQueue.NO_SLOT) {
                long token = local.headToken();
                long result = local.headResult();
                int flags = local.headFlags();
                local.pop();
                deliver(token, result, flags, null);
                continue;
            }
            int generation = local.headGeneration();
            int error = local.headError();
            int bytes = local.headBytes();
            local.pop();
            if (slab.generation[slot] != generation || slab.where[slot] != OperationSlab.LOCAL) {
                throw new IllegalStateException("local completion for slot " + slot + " that is not waiting for one");
            }
            slab.where[slot] = OperationSlab.ACTIVE;
            complete(slot, error, bytes);
        }
    }

    private void retryDue(int slot, int generation) {
        if (slab.generation[slot] != generation || slab.where[slot] != OperationSlab.RETRY) {
            return; // finished meanwhile (cancelled or closed): its 995 went through the local queue
        }
        slab.where[slot] = OperationSlab.ACTIVE;
        switch (slab.op[slot]) {
            case OperationSlab.OP_RECEIVE:
                startReceive(slot);
                break;
            case OperationSlab.OP_SEND:
                startSend(slot);
                break;
            case OperationSlab.OP_ACCEPT:
                startAccept(slot);
                break;
            case OperationSlab.OP_CONNECT:
                startConnect(slot);
                break;
            default:
                throw new IllegalStateException("retry of slot " + slot + " without an operation");
        }
    }

    // ---------------------------------------------------------------- per-operation start

    private void startReceive(int slot) {
        long address = slab.address(slot);
        int at = slab.offset(slot);
        slab.clearOverlapped(slot);
        int wsabuf = at + SlotLayout.WSABUF_OFFSET;
        if (zeroByte) {
            // A zero-length buffer pins no memory while the socket is idle; its completion means "readable".
            mem.putInt(wsabuf + WsabufLayout.LEN_OFFSET, 0);
            mem.putLong(wsabuf + WsabufLayout.BUF_OFFSET, address + SlotLayout.ADDRESS_OFFSET);
        } else {
            mem.putInt(wsabuf + WsabufLayout.LEN_OFFSET, settings.postedReceiveBufferBytes());
            mem.putLong(wsabuf + WsabufLayout.BUF_OFFSET, slab.receiveBuffer[slot]);
        }
        mem.putInt(at + SlotLayout.FLAGS_OFFSET, 0);
        mem.putInt(at + SlotLayout.BYTES_OFFSET, 0);
        afterStart(slot, starts.wsaRecv(slab.owner[slot].handle, address + SlotLayout.WSABUF_OFFSET, 1,
                address + SlotLayout.BYTES_OFFSET, address + SlotLayout.FLAGS_OFFSET, address), "WSARecv");
    }

    private void startSend(int slot) {
        long address = slab.address(slot);
        slab.clearOverlapped(slot);
        mem.putInt(slab.offset(slot) + SlotLayout.BYTES_OFFSET, 0);
        afterStart(slot, starts.wsaSend(slab.owner[slot].handle, address + SlotLayout.WSABUF_OFFSET, slab.bufferCount[slot],
                address + SlotLayout.BYTES_OFFSET, address), "WSASend");
    }

    private void startConnect(int slot) {
        IocpSocket s = slab.owner[slot];
        long address = slab.address(slot);
        slab.clearOverlapped(slot);
        int length = mem.getInt(slab.offset(slot) + SlotLayout.SOCKADDR_LENGTH_OFFSET);
        afterStart(slot, starts.connectEx(backend.extensions(s.family), s.handle, address + SlotLayout.ADDRESS_OFFSET,
                length, address), "ConnectEx");
    }

    private void startAccept(int slot) {
        IocpSocket l = slab.owner[slot];
        long acceptSocket = slab.aux[slot];
        if (acceptSocket == -1L) {
            acceptSocket = newSocket(l.family);
            if (acceptSocket == WinConstants.INVALID_SOCKET) {
                acceptStartFailed(slot, Native.getLastError(), "WSASocketW for AcceptEx");
                return;
            }
            slab.aux[slot] = acceptSocket;
            ownedSockets++;
        }
        long address = slab.address(slot);
        slab.clearOverlapped(slot);
        int error = starts.acceptEx(backend.extensions(l.family), l.handle, acceptSocket, address + SlotLayout.ADDRESS_OFFSET,
                WinConstants.ACCEPTEX_ADDRESS_BYTES, address + SlotLayout.BYTES_OFFSET, address);
        if (error == 0 || error == WinError.WSA_IO_PENDING) {
            afterStart(slot, error, "AcceptEx");
        } else {
            acceptStartFailed(slot, error, "AcceptEx");
        }
    }

    /** The three outcomes of starting an overlapped call (the seed's lesson 1): 0 inline, 997 pending, else failed. */
    private void afterStart(int slot, int error, String call) {
        if (error == 0) {
            if (slab.owner[slot].skipOnSuccess) {
                // No packet will come: the outcome is ours to deliver.
                inlineCompletions++;
                slab.where[slot] = OperationSlab.LOCAL;
                local.addSlot(slot, slab.generation[slot], 0, mem.getInt(slab.offset(slot) + SlotLayout.BYTES_OFFSET));
            } else {
                slab.where[slot] = OperationSlab.KERNEL;
            }
            return;
        }
        if (error == WinError.WSA_IO_PENDING) {
            slab.where[slot] = OperationSlab.KERNEL;
            return;
        }
        if (transientAtStart(error) && slab.attempts[slot] < settings.resourceRetryMaxAttempts()) {
            scheduleRetry(slot, error, call);
            return;
        }
        slab.where[slot] = OperationSlab.LOCAL;
        local.addSlot(slot, slab.generation[slot], error, 0);
    }

    private void acceptStartFailed(int slot, int error, String call) {
        IocpSocket l = slab.owner[slot];
        if (transientAtStart(error) && slab.attempts[slot] < settings.resourceRetryMaxAttempts()) {
            scheduleRetry(slot, error, call);
            return;
        }
        metrics.record(ErrorSpace.WINDOWS, error, call + " on listener " + l.handle + ": this accept slot ends");
        closeOwnedSocket(slab.aux[slot], "AcceptEx start failure");
        slab.aux[slot] = -1L;
        endAcceptSlot(slot, error);
    }

    private void scheduleRetry(int slot, int error, String call) {
        int attempt = slab.attempts[slot]++;
        long delayMs = Math.min((long) settings.resourceRetryInitialMs() << Math.min(attempt, 20), settings.resourceRetryMaxMs());
        IocpSocket s = slab.owner[slot];
        metrics.record(ErrorSpace.WINDOWS, error, call + (s.listener ? " on listener " : " on socket ") + s.handle
                + ": out of resources, retry " + (attempt + 1) + " in " + delayMs + " ms");
        slab.where[slot] = OperationSlab.RETRY;
        retries.add(slot, slab.generation[slot], System.nanoTime() + delayMs * 1_000_000L);
    }

    private static boolean transientAtStart(int error) {
        // WSAEWOULDBLOCK from an overlapped call means "too many outstanding overlapped requests".
        return error == WinError.WSAEWOULDBLOCK
                || ErrorClassifier.classify(ErrorSpace.WINDOWS, error) == Outcome.OUT_OF_RESOURCES;
    }

    // ---------------------------------------------------------------- completions

    private void complete(int slot, int error, int bytes) {
        switch (slab.op[slot]) {
            case OperationSlab.OP_RECEIVE:
                if (zeroByte) {
                    onZeroByteReceive(slot, error);
                } else {
                    onPostedReceive(slot, error, bytes);
                }
                break;
            case OperationSlab.OP_SEND:
                finish(slot, slab.aborted[slot] ? Completions.failure(WinError.ERROR_OPERATION_ABORTED)
                        : error != 0 ? Completions.failure(error) : bytes);
                break;
            case OperationSlab.OP_ACCEPT:
                onAccept(slot, error);
                break;
            case OperationSlab.OP_CONNECT:
                onConnect(slot, error);
                break;
            default:
                throw new IllegalStateException("completion for slot " + slot + " without an operation");
        }
    }

    private void onZeroByteReceive(int slot, int error) {
        if (slab.aborted[slot]) {
            finish(slot, Completions.failure(WinError.ERROR_OPERATION_ABORTED));
        } else if (error != 0) {
            finish(slot, Completions.failure(error));
        } else {
            drain(slot);
        }
    }

    /** The socket is readable: read it without blocking, bounded, then re-arm the zero-byte receive. */
    private void drain(int slot) {
        long handle = slab.owner[slot].handle;
        long token = slab.token[slot];
        int capacity = settings.drainBufferBytes();
        for (int round = 0; round < settings.maxDrainRounds(); round++) {
            int n = Winsock.recv(handle, drainBuffer, capacity, 0);
            if (n > 0) {
                drainView.clear().limit(n);
                deliver(token, n, Completions.FLAG_MORE, drainView);
                if (slab.aborted[slot]) {
                    finish(slot, Completions.failure(WinError.ERROR_OPERATION_ABORTED));
                    return;
                }
                continue;
            }
            if (n == 0) {
                finish(slot, 0L); // the follow-up read of a "readable" socket returned 0: end of stream
                return;
            }
            int error = Native.getLastError();
            if (error == WinError.WSAEWOULDBLOCK) {
                startReceive(slot);
            } else {
                finish(slot, Completions.failure(error));
            }
            return;
        }
        // Still data after the round limit: re-arm; the zero-byte receive completes at once and
        // this socket takes its turn again after the others of this batch.
        startReceive(slot);
    }

    private void onPostedReceive(int slot, int error, int bytes) {
        if (slab.aborted[slot]) {
            finish(slot, Completions.failure(WinError.ERROR_OPERATION_ABORTED));
            return;
        }
        if (error != 0) {
            finish(slot, Completions.failure(error));
            return;
        }
        if (bytes == 0) {
            finish(slot, 0L);
            return;
        }
        ByteBuffer data = slab.receiveView[slot];
        data.clear().limit(bytes);
        deliver(slab.token[slot], bytes, Completions.FLAG_MORE, data);
        if (slab.aborted[slot]) {
            finish(slot, Completions.failure(WinError.ERROR_OPERATION_ABORTED));
        } else {
            startReceive(slot);
        }
    }

    private void onAccept(int slot, int error) {
        IocpSocket l = slab.owner[slot];
        long accepted = slab.aux[slot];
        if (slab.aborted[slot] || l.acceptStopping) {
            closeOwnedSocket(accepted, "accept of a closed listener");
            slab.aux[slot] = -1L;
            endAcceptSlot(slot, WinError.ERROR_OPERATION_ABORTED);
            return;
        }
        if (error != 0) {
            // One failed accept (a peer that reset before we reaped it, ...) costs only that socket.
            closeOwnedSocket(accepted, "failed accept");
            slab.aux[slot] = -1L;
            if (transientAtStart(error) && slab.attempts[slot] < settings.resourceRetryMaxAttempts()) {
                scheduleRetry(slot, error, "AcceptEx completion");
                return;
            }
            metrics.record(ErrorSpace.WINDOWS, error, "AcceptEx completion on listener " + l.handle
                    + ": closed that socket, accepting again");
            if (transientAtStart(error)) {
                endAcceptSlot(slot, error);
                return;
            }
            slab.attempts[slot] = 0;
            startAccept(slot);
            return;
        }
        // The accepted socket inherits the listener's properties only after this (getpeername, shutdown).
        scratchView.putLong(0, l.handle);
        if (Winsock.setsockopt(accepted, WinConstants.SOL_SOCKET, WinConstants.SO_UPDATE_ACCEPT_CONTEXT, scratch, 8) != 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "SO_UPDATE_ACCEPT_CONTEXT on accepted socket " + accepted);
            closeOwnedSocket(accepted, "accept context failure");
            slab.aux[slot] = -1L;
            startAccept(slot);
            return;
        }
        applyOptions(accepted);
        slab.aux[slot] = -1L;
        slab.attempts[slot] = 0;
        ownedSockets--; // from here the caller owns it
        deliver(l.acceptToken, accepted, Completions.FLAG_MORE, null);
        if (slab.aborted[slot] || l.acceptStopping) {
            endAcceptSlot(slot, WinError.ERROR_OPERATION_ABORTED);
        } else {
            startAccept(slot);
        }
    }

    private void endAcceptSlot(int slot, int error) {
        IocpSocket l = slab.owner[slot];
        l.acceptSlots--;
        if (error != WinError.ERROR_OPERATION_ABORTED && l.acceptEndError == 0) {
            l.acceptEndError = error;
        }
        if (l.acceptSlots == 0) {
            int code = l.acceptStopping || l.acceptEndError == 0 ? WinError.ERROR_OPERATION_ABORTED : l.acceptEndError;
            local.addDelivery(l.acceptToken, Completions.failure(code), 0);
        }
        // Unlinked after the accept's end was queued: unlinking the listener's last slot queues its close.
        unlink(slot);
        slab.free(slot);
    }

    private void onConnect(int slot, int error) {
        IocpSocket s = slab.owner[slot];
        if (slab.aborted[slot]) {
            error = WinError.ERROR_OPERATION_ABORTED;
        }
        if (error == 0 && Winsock.setsockopt(s.handle, WinConstants.SOL_SOCKET, WinConstants.SO_UPDATE_CONNECT_CONTEXT, 0L, 0) != 0) {
            error = Native.getLastError();
        }
        if (error != 0) {
            if (!s.closed) {
                sockets.remove(s.handle);
                s.closed = true;
                closeOwnedSocket(s.handle, "failed connect");
            } else {
                ownedSockets--;
            }
            finish(slot, Completions.failure(error));
            return;
        }
        applyOptions(s.handle);
        ownedSockets--; // handed to the caller with this completion
        finish(slot, s.handle);
    }

    /** Ends a slot's operation: the slot is freed first, so the handler may start a new one in it. */
    private void finish(int slot, long result) {
        long token = slab.token[slot];
        unlink(slot);
        slab.free(slot);
        deliver(token, result, 0, null);
    }

    private void deliver(long token, long result, int flags, ByteBuffer data) {
        delivered++;
        try {
            handler.onCompletion(token, result, flags, data);
        } catch (RuntimeException e) {
            // A failing handler must not strand the rest of the batch: their slots would never be freed.
            LOG.error("iocp: completion handler failed for token {} (result {})", token, result, e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void markAborted(int slot) {
        if (slab.aborted[slot]) {
            return;
        }
        slab.aborted[slot] = true;
        if (slab.where[slot] == OperationSlab.RETRY) {
            // Not in the kernel: nothing will complete it but us.
            slab.where[slot] = OperationSlab.LOCAL;
            local.addSlot(slot, slab.generation[slot], WinError.ERROR_OPERATION_ABORTED, 0);
        }
    }

    private IocpSocket socketFor(long handle, long token) {
        IocpSocket s = sockets.get(handle);
        if (s != null) {
            return s;
        }
        try {
            return register(handle, 0, false);
        } catch (WinCallException e) {
            local.addDelivery(token, Completions.failure(e.code()), 0);
            return null;
        }
    }

    private IocpSocket register(long handle, int family, boolean listener) throws WinCallException {
        if (Kernel32.CreateIoCompletionPort(handle, port, SOCKET_KEY, 0) == 0L) {
            throw new WinCallException("CreateIoCompletionPort(socket " + handle + ")", Native.getLastError());
        }
        boolean skip = false;
        if (settings.skipCompletionPortOnSuccess()) {
            byte modes = WinConstants.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | WinConstants.FILE_SKIP_SET_EVENT_ON_HANDLE;
            if (Kernel32.SetFileCompletionNotificationModes(handle, modes) != 0) {
                skip = true;
            } else {
                metrics.record(ErrorSpace.WINDOWS, Native.getLastError(),
                        "SetFileCompletionNotificationModes on socket " + handle + " (inline successes will post packets)");
            }
        }
        if (!listener && zeroByte) {
            // The drain after a zero-byte receive must never block the worker. Overlapped calls ignore this mode.
            scratchView.putInt(0, 1);
            if (Winsock.ioctlsocket(handle, WinConstants.FIONBIO, scratch) != 0) {
                throw new WinCallException("ioctlsocket(FIONBIO) on socket " + handle, Native.getLastError());
            }
        }
        IocpSocket s = new IocpSocket(handle, family, listener, skip);
        sockets.put(handle, s);
        return s;
    }

    private int allocateSlot(long token) {
        int slot = slab.allocate();
        if (slot < 0) {
            LOG.warn("iocp operation slab full ({} slots): failing an operation with WSAENOBUFS", settings.maxOperations());
            local.addDelivery(token, Completions.failure(WinError.WSAENOBUFS), 0);
            return -1;
        }
        slab.where[slot] = OperationSlab.ACTIVE;
        return slot;
    }

    private void link(int slot, IocpSocket s) {
        slab.owner[slot] = s;
        int first = s.firstSlot;
        slab.nextOfSocket[slot] = first;
        slab.prevOfSocket[slot] = -1;
        if (first != -1) {
            slab.prevOfSocket[first] = slot;
        }
        s.firstSlot = slot;
    }

    private void unlink(int slot) {
        IocpSocket s = slab.owner[slot];
        int prev = slab.prevOfSocket[slot];
        int next = slab.nextOfSocket[slot];
        if (prev != -1) {
            slab.nextOfSocket[prev] = next;
        } else {
            s.firstSlot = next;
        }
        if (next != -1) {
            slab.prevOfSocket[next] = prev;
        }
        slab.nextOfSocket[slot] = -1;
        slab.prevOfSocket[slot] = -1;
        if (s.firstSlot == -1 && s.closeAwaitingOperations) {
            // Queued, so it follows the completion of the operation being finished now.
            s.closeAwaitingOperations = false;
            local.addDelivery(s.closeToken, s.closeResult, 0);
        }
    }

    private long newSocket(int family) {
        return Winsock.WSASocketW(family, WinConstants.SOCK_STREAM, WinConstants.IPPROTO_TCP, 0L, 0,
                WinConstants.WSA_FLAG_OVERLAPPED | WinConstants.WSA_FLAG_NO_HANDLE_INHERIT);
    }

    private void closeOwnedSocket(long handle, String why) {
        if (handle == -1L) {
            return;
        }
        ownedSockets--;
        if (Winsock.closesocket(handle) != 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "closesocket " + handle + " (" + why + ")");
        }
    }

    private void applyOptions(long handle) {
        if (options.tcpNoDelay()) {
            setIntOption(handle, WinConstants.IPPROTO_TCP, WinConstants.TCP_NODELAY, 1, "TCP_NODELAY");
        }
        if (options.sendBufferBytes() > 0) {
            setIntOption(handle, WinConstants.SOL_SOCKET, WinConstants.SO_SNDBUF, options.sendBufferBytes(), "SO_SNDBUF");
        }
        if (options.receiveBufferBytes() > 0) {
            setIntOption(handle, WinConstants.SOL_SOCKET, WinConstants.SO_RCVBUF, options.receiveBufferBytes(), "SO_RCVBUF");
        }
    }

    private void setIntOption(long handle, int level, int option, int value, String name) {
        scratchView.putInt(0, value);
        if (Winsock.setsockopt(handle, level, option, scratch, 4) != 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), name + " on socket " + handle);
        }
    }

    private static ByteBuffer view(long address, int length) {
        return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
    }

    private static void freeIfSet(long address) {
        if (address != 0L) {
            Native.free(address);
        }
    }

    /**
     * Closes the port handle and frees its native memory, unless operations are still in flight:
     * the kernel may still write into their slots, so their memory is then deliberately left
     * allocated (and logged), never freed under the kernel.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // A wakeup() that read closed == false may be posting right now: the handle must outlive it.
        while (wakersInFlight.get() != 0) {
            closeAwaitedWaker = true;
            Thread.onSpinWait();
        }
        if (Kernel32.CloseHandle(port) == 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "CloseHandle of the completion port");
        }
        if (slab.inUse() > 0) {
            leftOperationsInKernel = true;
            LOG.warn("iocp port closed with {} operations in flight ({} port-owned sockets open): "
                    + "their native memory stays allocated because the kernel may still write into it",
                    slab.inUse(), ownedSockets);
            return;
        }
        for (int slot = 0; slot < slab.committedSlots(); slot++) {
            freeIfSet(slab.receiveBuffer[slot]);
            slab.receiveBuffer[slot] = 0L;
        }
        if (Kernel32.VirtualFree(slabBase, 0L, WinConstants.MEM_RELEASE) == 0) {
            metrics.record(ErrorSpace.WINDOWS, Native.getLastError(), "VirtualFree of the operation slab");
        }
        Native.free(entries);
        Native.free(drainBuffer);
        Native.free(scratch);
    }

    @Override
    public boolean leftOperationsInKernel() {
        return leftOperationsInKernel;
    }

    // ---------------------------------------------------------------- for tests and diagnostics

    /** Operations whose completion has not been consumed yet (slots in use). Owner thread only. */
    int operationsInFlight() {
        return slab.inUse();
    }

    /** Sockets the port created and still owns (AcceptEx pre-made, connecting). Owner thread only. */
    int ownedSocketsOpen() {
        return ownedSockets;
    }

    /** Sockets associated with and known to this port. Owner thread only. */
    int socketsKnown() {
        return sockets.size();
    }

    long unknownPackets() {
        return unknownPackets;
    }

    /** Operations that completed inline with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (delivered without a packet). */
    long inlineCompletions() {
        return inlineCompletions;
    }

    long portHandle() {
        return port;
    }

    /** True once close() found a wakeup() in flight and waited for it. */
    boolean closeAwaitedWaker() {
        return closeAwaitedWaker;
    }
}
