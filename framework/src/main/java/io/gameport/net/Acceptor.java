package io.gameport.net;

import io.gameport.transport.CompletionPort;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.ErrorSpace;
import io.gameport.transport.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one {@link IoWorker} and the connection caps of what they accept. Keeps each
 * listener's accept armed, re-arms it after a failure for want of descriptors once a back-off
 * passed, stops a listener whose accept can never succeed again, and hands each accepted socket
 * to the group, which counts it against the caps here and passes it to the next worker in turn.
 *
 * <p>Worker thread only, except {@link #failedListeners()}.
 */
final class Acceptor {

    private static final Logger LOG = LoggerFactory.getLogger(IoWorker.class);
    /** Listeners one worker can hold; a listen beyond it fails with an IOException. */
    static final int MAX_LISTENERS = 8;
    /** Back-off before re-arming an accept that failed for want of descriptors or memory (EMFILE, WSAENOBUFS). */
    static final int OUT_OF_RESOURCES_REARM_MS = 100;

    private final IoWorker worker;
    private final ErrorSpace errorSpace;
    /** The connection caps of the listeners on this worker (used only if it listens). */
    private final ConnectionAdmission admission;
    private final Listener[] listeners = new Listener[MAX_LISTENERS];
    private int open;
    private final LongAdder failedListeners = new LongAdder();

    Acceptor(IoWorker worker, ErrorSpace errorSpace, ConnectionAdmission admission) {
        this.worker = worker;
        this.errorSpace = errorSpace;
        this.admission = admission;
    }

    /** Listeners not yet closed for good (the worker's loop ends only when this and its connections are 0). */
    int open() {
        return open;
    }

    void startListening(WorkerCommand.Listen command) {
        int slot = freeSlot();
        if (slot < 0) {
            // Refused before a socket exists: nothing to close.
            command.result().completeExceptionally(new IOException("too many listeners on worker " + worker.index()
                    + " (at most " + listeners.length + ")"));
            return;
        }
        CompletionPort port = worker.port();
        long handle;
        try {
            handle = port.listen(command.address(), worker.group().settings().backlog());
        } catch (IOException | RuntimeException e) {
            command.result().completeExceptionally(e);
            return;
        }
        InetSocketAddress address;
        try {
            address = port.localAddress(handle);
        } catch (IOException | RuntimeException e) {
            // The socket listens already: it takes the slot until its close completes, like any listener.
            Listener listener = new Listener(slot, handle, command.address());
            listeners[slot] = listener;
            open++;
            listener.closing = true;
            close(listener);
            command.result().completeExceptionally(e);
            return;
        }
        Listener listener = new Listener(slot, handle, address);
        listeners[slot] = listener;
        open++;
        armAccept(listener);
        command.result().complete(address);
    }

    private int freeSlot() {
        for (int i = 0; i < listeners.length; i++) {
            if (listeners[i] == null) {
                return i;
            }
        }
        return -1;
    }

    private void armAccept(Listener listener) {
        listener.armed = true;
        worker.port().accept(listener.handle, Token.of(Token.OP_ACCEPT, listener.slot, 0));
    }

    /** A listener's back-off ran out: it accepts again unless it or the worker is closing meanwhile. */
    void rearm(Listener listener) {
        if (!worker.isStopping() && !listener.closing) {
            armAccept(listener);
        }
    }

    /** An accept or listener-close completion ({@link Token#OP_ACCEPT}, {@link Token#OP_CLOSE_LISTENER}). */
    void onCompletion(int op, int slot, long result, int flags) {
        Listener listener = listeners[slot];
        if (listener == null) {
            worker.countStaleCompletion();
            LOG.error("worker {}: completion for a closed listener dropped", worker.index());
            return;
        }
        if (op == Token.OP_CLOSE_LISTENER) {
            listener.closeDone = true;
        } else {
            if (!Completions.more(flags)) {
                listener.armed = false;
            }
            boolean rearm = !listener.armed && !listener.closing && !worker.isStopping();
            if (result >= 0) {
                worker.group().assign(result, worker);
            } else {
                int code = Completions.errorCode(result);
                Outcome outcome = worker.errors().record(errorSpace, code, "accept on " + listener.address);
                if (rearm && ErrorClassifier.endsListener(errorSpace, code)) {
                    stopFailed(listener, code);
                    rearm = false;
                } else if (rearm && outcome == Outcome.OUT_OF_RESOURCES) {
                    // EMFILE/WSAENOBUFS: give the process time to free descriptors; the listener stays.
                    worker.schedule(OUT_OF_RESOURCES_REARM_MS, new WorkerCommand.RearmAccept(listener));
                    rearm = false;
                }
            }
            if (rearm) {
                armAccept(listener);
            }
        }
        if (listener.closing && listener.closeDone && !listener.armed) {
            listeners[slot] = null;
            open--;
        }
    }

    /**
     * The listener can never accept again: re-arming would fail at once, forever, and spin the
     * worker. It stops here, with one line and a count; the worker and its connections go on.
     */
    private void stopFailed(Listener listener, int code) {
        failedListeners.increment();
        listener.closing = true;
        boolean handleGone = ErrorClassifier.listenerHandleGone(errorSpace, code);
        LOG.error("worker {}: listener on {} stopped: accept failed with {}, which no retry can fix; "
                + "it accepts no more connections{}", worker.index(), listener.address, ErrorClassifier.name(errorSpace, code),
                handleGone ? " (its handle no longer names the listener and is left alone)" : "");
        if (handleGone) {
            listener.closeDone = true;
        } else {
            close(listener);
        }
    }

    private void close(Listener listener) {
        worker.port().closeListener(listener.handle, Token.of(Token.OP_CLOSE_LISTENER, listener.slot, 0));
    }

    /** Listeners stopped because their accept failed for good. Any thread. */
    long failedListeners() {
        return failedListeners.sum();
    }

    /** The worker stops: every listener not closing yet starts closing; each leaves at its close's completion. */
    void closeAll() {
        for (Listener listener : listeners) {
            if (listener != null && !listener.closing) {
                listener.closing = true;
                close(listener);
            }
        }
    }

    /** The port died: every listener ended with it. */
    void abandonAll() {
        Arrays.fill(listeners, null);
        open = 0;
    }

    // ---- connection caps ----

    /** Counts an accepted peer in; null when admitted, else the cap it is over (nothing counted). */
    CloseReason admit(InetSocketAddress remote) {
        return admission.admit(remote);
    }

    /** Counts an admitted connection out again. */
    void releaseAdmission(InetAddress address) {
        admission.release(address);
    }

    /** Accepted connections counted against this worker's caps. */
    int admitted() {
        return admission.open();
    }

    /** One listening socket and where its accept stands. */
    static final class Listener {
        final int slot;
        final long handle;
        final InetSocketAddress address;
        boolean armed;
        boolean closing;
        boolean closeDone;

        Listener(int slot, long handle, InetSocketAddress address) {
            this.slot = slot;
            this.handle = handle;
            this.address = address;
        }
    }
}
