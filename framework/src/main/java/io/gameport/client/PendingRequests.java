package io.gameport.client;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.messages.ErrorReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's requests waiting for their responses, by request id: the ids handed out, each
 * request's timeout, responses matched to their requests, late ones counted. Thread-safe: requests
 * are made on any thread, answered on the I/O worker, timed out on the shared timer, and each
 * future is completed once, by whichever of the three removes its entry first.
 */
final class PendingRequests {

    private static final Logger LOG = LoggerFactory.getLogger(GameClient.class);

    private final ConcurrentHashMap<Integer, Request> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextRequestId = new AtomicInteger();
    private final LongAdder lateResponses = new LongAdder();
    private final ScheduledExecutorService timer;
    private final BooleanSupplier sessionSuspended;

    /**
     * @param sessionSuspended whether the client's session is suspended now: a timeout that passes
     *                         then is armed again, since the resume replays the request or answers it
     */
    PendingRequests(ScheduledExecutorService timer, BooleanSupplier sessionSuspended) {
        this.timer = timer;
        this.sessionSuspended = sessionSuspended;
    }

    /** A new request of {@code type} with its id and its timeout armed; the caller sends it. */
    Request add(String type, long timeoutMs) {
        Request request = new Request(type);
        do {
            // 0 means "not a request"; after 2^32 requests ids wrap, and one still pending is skipped.
            request.id = nextRequestId.incrementAndGet();
        } while (request.id == MessageHeader.NO_REQUEST || pending.putIfAbsent(request.id, request) != null);
        armTimeout(request, timeoutMs);
        return request;
    }

    /**
     * Fails the request once {@code timeoutMs} passes, unless its session is suspended then: the
     * request is kept for the resume, so the timeout is armed again; a session lost for good fails
     * it through {@link #failAll}.
     */
    private void armTimeout(Request request, long timeoutMs) {
        request.timeout = timer.schedule(() -> {
            if (sessionSuspended.getAsBoolean() && pending.get(request.id) == request) {
                armTimeout(request, timeoutMs);
            } else if (pending.remove(request.id, request)) {
                request.future.completeExceptionally(new RequestTimeoutException(request.type, request.id, timeoutMs));
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Fails {@code request} with {@code failure} unless it was answered, timed out or failed already. */
    void fail(Request request, Throwable failure) {
        if (pending.remove(request.id, request)) {
            request.cancelTimeout();
            request.future.completeExceptionally(failure);
        }
    }

    /** The session ended: every pending request fails with {@link ConnectionLostException}. */
    void failAll(CloseReason reason) {
        for (Integer id : pending.keySet()) {
            Request request = pending.remove(id);
            if (request != null) {
                request.cancelTimeout();
                request.future.completeExceptionally(new ConnectionLostException(request.type, reason));
            }
        }
    }

    /** The response to request {@code requestId}: completes it (an {@link ErrorReply} fails it), or is counted late. */
    void answer(int requestId, Message response) {
        Request request = pending.remove(requestId);
        if (request == null) {
            lateResponses.increment();
            LOG.debug("late response {} to request {} dropped", response.getDescriptorForType().getFullName(),
                    Integer.toUnsignedString(requestId));
            return;
        }
        request.cancelTimeout();
        if (response instanceof ErrorReply reply) {
            request.future.completeExceptionally(new ErrorReplyException(reply));
        } else {
            request.future.complete(response);
        }
    }

    int size() {
        return pending.size();
    }

    long lateResponses() {
        return lateResponses.sum();
    }

    /** One request waiting: its id (final once the map has it: the map's put publishes it), its future and its timeout. */
    static final class Request {
        private final CompletableFuture<Message> future = new CompletableFuture<>();
        private final String type;
        private int id;
        private volatile Future<?> timeout;

        private Request(String type) {
            this.type = type;
        }

        int id() {
            return id;
        }

        String type() {
            return type;
        }

        CompletableFuture<Message> future() {
            return future;
        }

        private void cancelTimeout() {
            Future<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
