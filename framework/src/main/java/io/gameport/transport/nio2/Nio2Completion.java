package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;

/**
 * A finished operation waiting in a port's {@link Nio2CompletionQueue} for its owner thread.
 *
 * <p>Records are reused: each socket owns one record per kind of operation and a record is
 * started again only after it was delivered, so a record is in at most one queue at a time.
 * Fields are written by the thread that finishes the operation (an NIO2 group thread) before
 * {@link Nio2CompletionQueue#push}, and read by the owner after {@link Nio2CompletionQueue#poll};
 * the queue's volatile exchange orders the two.
 */
abstract class Nio2Completion {

    /** Link to the next record in the queue; only {@link Nio2CompletionQueue} touches it. */
    volatile Nio2Completion next;

    /** The port the completion is delivered on: the port that started the operation. */
    Nio2Port port;
    long token;
    long result;

    /** Reports this completion to the handler. Owner thread only. */
    abstract void deliver(CompletionHandler handler);

    /** The port was closed before delivery: release what this record holds, deliver nothing. */
    void discard() {
    }
}
