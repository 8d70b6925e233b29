package io.gameport.net;

/**
 * Code to run on an {@link IoWorker}'s thread, for work that is a call back into a connection or
 * its TLS stage rather than one of the named {@link WorkerCommand}s (a deferred close, a linger
 * or handshake deadline, resuming after TLS tasks). A lambda or method reference; it is dropped
 * when the worker's port died first, since what it would touch ended with the port.
 */
@FunctionalInterface
non-sealed interface WorkerTask extends WorkerCommand {

    /** Worker thread. */
    void run();

    @Override
    default void run(IoWorker worker) {
        run();
    }

    @Override
    default void discard(IoWorker worker) {
    }
}
