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
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.SocketSettings;
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
 * <h2>Parts</h2>
 * This class opens and closes the port, starts operations and runs the poll. Its parts, each
 * owned by the port's thread: {@link IocpSockets} (the socket registry and each socket's
 * operations in flight), {@link CompletionDecoder} (packets and the local queue into
 * (operation, error, bytes)), {@link StartOutcomes} (what follows a start, retries included),
 * {@link Receiver} (zero-byte and posted-buffer receives), {@link AcceptExPool} (the AcceptEx
 * pool of each listener) and {@link Delivery} (handing completions to the caller).
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
    private final SocketSettings options;
    private final long port;
    private final long slabBase;
    private final OperationSlab slab;
    private final ByteBuffer mem;
    private final long entries;
    private final int batch;
    private final long drainBuffer;
    private final long scratch;
    private final ByteBuffer scratchView;
    private final LocalQueue local = new LocalQueue(64);
    private final IocpSockets sockets;
    private final Delivery delivery;
    private final StartOutcomes outcomes;
    private final Receiver receiver;
    private final AcceptExPool acceptors;
    private final CompletionDecoder decoder;
    private final AtomicBoolean wakeupPosted = new AtomicBoolean();
    /** wakeup() calls between announcing themselves and leaving; close() waits for 0. */
    private final AtomicInteger wakersInFlight = new AtomicInteger();
    private volatile boolean closed;
    /** close() found a wakeup() in flight and waited for it (tests observe the race with it). */
    private volatile boolean closeAwaitedWaker;
    private boolean leftOperationsInKernel;


    private IocpPort(IocpBackend backend, OverlappedStarts starts, long port, long slabBase, long entries, long drainBuffer,
                     long scratch) {
        this.backend = backend;
        this.starts = starts;
        this.settings = backend.settings();
        this.metrics = backend.metrics();
        this.options = backend.options();
        this.port = port;
        this.slabBase = slabBase;
        int slabBytes = settings.maxOperations() * SlotLayout.SIZE;
        this.mem = view(slabBase, slabBytes);
        this.slab = new OperationSlab(slabBase, mem, settings.maxOperations(),
                (address, bytes) -> Kernel32.VirtualAlloc(address, bytes, WinConstants.MEM_COMMIT, WinConstants.PAGE_READWRITE) != 0L);
        this.batch = settings.dequeueBatch();
        this.entries = entries;
        this.drainBuffer = drainBuffer;
        this.scratch = scratch;
        this.scratchView = view(scratch, SCRATCH_BYTES);
        NativeArea shared = new NativeArea(scratch, scratchView);
        this.sockets = new IocpSockets(port, settings, metrics, options, shared, slab, local);
        this.delivery = new Delivery(slab, sockets);
        this.outcomes = new StartOutcomes(settings, metrics, slab, local, this::restart);
        this.receiver = new Receiver(settings, starts, slab, outcomes, delivery,
                new NativeArea(drainBuffer, view(drainBuffer, settings.drainBufferBytes())));
        this.acceptors = new AcceptExPool(backend, starts, slab, local, sockets, outcomes, delivery, shared);
        this.decoder = new CompletionDecoder(port, new NativeArea(entries, view(entries, batch * OverlappedEntryLayout.SIZE + 8)),
                batch, metrics, slab, local, delivery, wakeupPosted, this::complete);
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
        long handle = IocpSockets.newSocket(family);
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
            sockets.register(handle, family, true);
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
            sockets.register(socket, 0, false);
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
        acceptors.arm(l, token);
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
        long handle = IocpSockets.newSocket(family);
        if (handle == WinConstants.INVALID_SOCKET) {
            local.addDelivery(token, Completions.failure(Native.getLastError()), 0);
            return;
        }
        sockets.countOwned();
        // ConnectEx works only on a bound socket.
        int length = Sockaddrs.writeWildcard(family, scratchView, 0);
        int error = 0;
        IocpSocket s = null;
        if (Winsock.bind(handle, scratch, length) != 0) {
            error = Native.getLastError();
        } else {
            try {
                s = sockets.register(handle, family, false);
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
            sockets.closeOwned(handle, "connect setup");
            local.addDelivery(token, Completions.failure(error), 0);
            return;
        }
        slab.op[slot] = OperationSlab.OP_CONNECT;
        slab.token[slot] = token;
        sockets.link(slot, s);
        int at = slab.offset(slot);
        mem.putInt(at + SlotLayout.SOCKADDR_LENGTH_OFFSET, Sockaddrs.write(remote, mem, at + SlotLayout.ADDRESS_OFFSET));
        startConnect(slot);
    }

    @Override
    public void receive(long socket, long token) {
        IocpSocket s = sockets.forOperation(socket, token);
        int slot = s == null ? -1 : allocateSlot(token);
        if (slot < 0) {
            return;
        }
        if (!receiver.prepareBuffer(slot)) {
            slab.where[slot] = OperationSlab.ACTIVE;
            slab.free(slot);
            local.addDelivery(token, Completions.failure(WinError.WSAENOBUFS), 0);
            return;
        }
        slab.op[slot] = OperationSlab.OP_RECEIVE;
        slab.token[slot] = token;
        sockets.link(slot, s);
        receiver.start(slot);
    }

    @Override
    public void send(long socket, ByteBuffer[] buffers, int offset, int count, long token) {
        int n = Math.min(count, SlotLayout.MAX_WSABUFS);
        for (int i = 0; i < n; i++) {
            if (!buffers[offset + i].isDirect()) {
                throw new IllegalArgumentException("send buffers must be direct: buffer " + (offset + i));
            }
        }
        IocpSocket s = sockets.forOperation(socket, token);
        int slot = s == null ? -1 : allocateSlot(token);
        if (slot < 0) {
            return;
        }
        slab.op[slot] = OperationSlab.OP_SEND;
        slab.token[slot] = token;
        sockets.link(slot, s);
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
    public long shutdownOutput(long socket) {
        if (sockets.get(socket) == null) {
            return Completions.failure(WinError.WSAENOTSOCK);
        }
        return Winsock.shutdown(socket, WinConstants.SD_SEND) == 0 ? 0 : Completions.failure(Native.getLastError());
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
        delivery.begin(handler);
        try {
            outcomes.retryDue();
            decoder.drainLocal();
            boolean wait = block && delivery.delivered() == 0 && local.isEmpty();
            decoder.dequeue(wait ? outcomes.pollTimeoutMs() : 0);
            decoder.drainLocal();
            return delivery.delivered();
        } finally {
            delivery.end();
        }
    }

    /** An operation's back-off ran out: its call is started again. */
    private void restart(int slot) {
        switch (slab.op[slot]) {
            case OperationSlab.OP_RECEIVE -> receiver.start(slot);
            case OperationSlab.OP_SEND -> startSend(slot);
            case OperationSlab.OP_ACCEPT -> acceptors.start(slot);
            case OperationSlab.OP_CONNECT -> startConnect(slot);
            default -> throw new IllegalStateException("retry of slot " + slot + " without an operation");
        }
    }

    // ---------------------------------------------------------------- per-operation start

    private void startSend(int slot) {
        long address = slab.address(slot);
        slab.clearOverlapped(slot);
        mem.putInt(slab.offset(slot) + SlotLayout.BYTES_OFFSET, 0);
        outcomes.afterStart(slot, starts.wsaSend(slab.owner[slot].handle, address + SlotLayout.WSABUF_OFFSET, slab.bufferCount[slot],
                address + SlotLayout.BYTES_OFFSET, address), "WSASend");
    }

    private void startConnect(int slot) {
        IocpSocket s = slab.owner[slot];
        long address = slab.address(slot);
        slab.clearOverlapped(slot);
        int length = mem.getInt(slab.offset(slot) + SlotLayout.SOCKADDR_LENGTH_OFFSET);
        outcomes.afterStart(slot, starts.connectEx(backend.extensions(s.family), s.handle, address + SlotLayout.ADDRESS_OFFSET,
                length, address), "ConnectEx");
    }

    // ---------------------------------------------------------------- completions

    /** Routes a decoded completion to the part that owns its operation. */
    private void complete(int slot, int error, int bytes) {
        switch (slab.op[slot]) {
            case OperationSlab.OP_RECEIVE -> receiver.onCompletion(slot, error, bytes);
            case OperationSlab.OP_SEND -> delivery.finish(slot, slab.aborted[slot]
                    ? Completions.failure(WinError.ERROR_OPERATION_ABORTED)
                    : error != 0 ? Completions.failure(error) : bytes);
            case OperationSlab.OP_ACCEPT -> acceptors.onCompletion(slot, error);
            case OperationSlab.OP_CONNECT -> onConnect(slot, error);
            default -> throw new IllegalStateException("completion for slot " + slot + " without an operation");
        }
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
                sockets.closeOwned(s.handle, "failed connect");
            } else {
                sockets.countHandedOver();
            }
            delivery.finish(slot, Completions.failure(error));
            return;
        }
        sockets.applyOptions(s.handle);
        sockets.countHandedOver(); // handed to the caller with this completion
        delivery.finish(slot, s.handle);
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

    static ByteBuffer view(long address, int length) {
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
                    slab.inUse(), sockets.owned());
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
        return sockets.owned();
    }

    /** Sockets associated with and known to this port. Owner thread only. */
    int socketsKnown() {
        return sockets.size();
    }

    long unknownPackets() {
        return decoder.unknownPackets();
    }

    /** Operations that completed inline with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (delivered without a packet). */
    long inlineCompletions() {
        return outcomes.inlineCompletions();
    }

    long portHandle() {
        return port;
    }

    /** True once close() found a wakeup() in flight and waited for it. */
    boolean closeAwaitedWaker() {
        return closeAwaitedWaker;
    }
}
