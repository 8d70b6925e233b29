package io.gameport.transport.nio2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An intrusive multi-producer, single-consumer queue of {@link Nio2Completion} records (Dmitry
 * Vyukov's non-blocking MPSC node queue): producers link records with one atomic exchange and
 * allocate nothing, because the link field lives in the record itself.
 *
 * <pre>
 *   tail (consumer) ─► r1 ─► r2 ─► r3 ◄─ head (producers exchange here)
 * </pre>
 *
 * <p>Thread contract: {@link #push} from any thread; {@link #poll} and {@link #isEmpty} only from
 * the single consumer (the port's owner). A record must not be pushed again before it was polled.
 * A producer between its exchange and its link makes {@link #poll} return {@code null} for a
 * moment while {@link #isEmpty} is already false; the consumer simply retries.
 */
final class Nio2CompletionQueue {

    private static final VarHandle HEAD;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(Nio2CompletionQueue.class, "head", Nio2Completion.class);
            NEXT = lookup.findVarHandle(Nio2Completion.class, "next", Nio2Completion.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Placeholder that keeps the list non-empty, so producers never touch {@link #tail}. */
    private final Nio2Completion stub = new Nio2Completion() {
        @Override
        void deliver(io.gameport.transport.CompletionHandler handler) {
            throw new IllegalStateException("the stub record is never delivered");
        }
    };

    @SuppressWarnings("unused") // written through HEAD
    private volatile Nio2Completion head = stub;
    private Nio2Completion tail = stub;

    /** Appends a record. Any thread; wait-free (one exchange, one release store). */
    void push(Nio2Completion record) {
        NEXT.setRelease(record, (Nio2Completion) null);
        Nio2Completion previous = (Nio2Completion) HEAD.getAndSet(this, record);
        NEXT.setRelease(previous, record);
    }

    /** The oldest record, or {@code null} when none is fully linked yet. Consumer only. */
    Nio2Completion poll() {
        Nio2Completion first = tail;
        Nio2Completion next = (Nio2Completion) NEXT.getAcquire(first);
        if (first == stub) {
            if (next == null) {
                return null;
            }
            tail = next;
            first = next;
            next = (Nio2Completion) NEXT.getAcquire(next);
        }
        if (next != null) {
            tail = next;
            return first;
        }
        if (first != (Nio2Completion) HEAD.getVolatile(this)) {
            return null; // a producer has exchanged head but not linked yet
        }
        // first is the last record: put the stub behind it so it can be detached
        push(stub);
        next = (Nio2Completion) NEXT.getAcquire(first);
        if (next != null) {
            tail = next;
            return first;
        }
        return null;
    }

    /** True when no record is queued or being linked. Consumer only; a volatile read of head. */
    boolean isEmpty() {
        return tail == stub && (Nio2Completion) HEAD.getVolatile(this) == stub;
    }
}
