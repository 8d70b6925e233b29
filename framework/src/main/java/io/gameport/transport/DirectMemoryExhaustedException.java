package io.gameport.transport;

/**
 * The JVM could not reserve a direct buffer (its {@code -XX:MaxDirectMemorySize}, by default the
 * heap's maximum, is used up). Thrown where the framework allocates direct memory for one
 * connection (an outbound chunk, an NIO2 receive buffer) instead of the OutOfMemoryError, so the
 * caller closes only that connection ({@code CloseReason.DIRECT_MEMORY_EXHAUSTED}) and its I/O
 * worker goes on. Nothing was started or queued when it is thrown.
 */
public final class DirectMemoryExhaustedException extends RuntimeException {

    public DirectMemoryExhaustedException(int bytes, OutOfMemoryError cause) {
        super("could not reserve " + bytes + " bytes of direct memory: " + cause.getMessage(), cause);
    }
}
