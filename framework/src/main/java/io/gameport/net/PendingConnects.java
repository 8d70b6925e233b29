package io.gameport.net;

import io.gameport.transport.Completions;
import io.gameport.transport.ErrorClassifier;
import io.gameport.transport.Outcome;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The client connections one {@link IoWorker} is connecting, each with the future its caller
 * waits on: completed with the connection once it is open, or failed with why it is not.
 *
 * <p>Worker thread only.
 */
final class PendingConnects {

    private final IoWorker worker;
    private final Map<Connection, CompletableFuture<Connection>> futures = new IdentityHashMap<>();

    PendingConnects(IoWorker worker) {
        this.worker = worker;
    }

    void start(WorkerCommand.Connect command) {
        if (worker.isStopping()) {
            command.result().completeExceptionally(new IOException("worker is stopping"));
            return;
        }
        Connection connection = worker.newConnection(command.handler());
        connection.markConnecting();
        connection.requestedHost = command.address().getHostString();
        futures.put(connection, command.result());
        worker.port().connect(command.address(), Token.of(Token.OP_CONNECT, connection.slot, connection.generation));
    }

    /** The connect's completion: {@code result} is the socket, or a negative error code. */
    void onComplete(Connection connection, long result) {
        CompletableFuture<Connection> future = futures.remove(connection);
        if (result < 0) {
            int code = Completions.errorCode(result);
            Outcome outcome = worker.errors().record(worker.errorSpace(), code, "connect");
            connection.failConnect();
            future.completeExceptionally(new ConnectFailedException(outcome, ErrorClassifier.name(worker.errorSpace(), code)));
            return;
        }
        if (worker.isStopping()) {
            connection.connected(result, null);
            connection.startClose(CloseReason.SERVER_STOPPING);
            future.completeExceptionally(new IOException("worker is stopping"));
            return;
        }
        connection.connected(result, worker.port().remoteAddress(result));
        future.complete(connection);
    }

    /** The port died: no connect will complete. */
    void failAll(IOException why) {
        futures.values().forEach(future -> future.completeExceptionally(why));
        futures.clear();
    }
}
