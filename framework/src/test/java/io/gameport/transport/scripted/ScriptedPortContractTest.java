package io.gameport.transport.scripted;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.nativeio.windows.WinError;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.CompletionPort;
import io.gameport.transport.CompletionPortContract;
import io.gameport.transport.ErrorMetrics;
import java.net.InetSocketAddress;

/**
 * The completion-port contract on the scripted port, so that the framework tests run over it meet
 * the port the real backends are. The test plays the kernel: sends are taken whole at once, peers
 * answer receives, connects to {@link #listenPeer()} complete at once and those to
 * {@link #closedAddress()} are refused; and the scripted backend must report no breach of the
 * contract by the tests themselves.
 */
class ScriptedPortContractTest extends CompletionPortContract {

    private static final InetSocketAddress LISTENING = new InetSocketAddress("127.0.0.1", 30_001);
    private static final InetSocketAddress REFUSING = new InetSocketAddress("127.0.0.1", 30_002);

    private ScriptedBackend scripted;
    /** Sockets connects to {@link #LISTENING} made, not yet taken by the listening peer. */
    private final java.util.Deque<Long> connected = new java.util.ArrayDeque<>();

    @Override
    protected CompletionBackend openBackend() {
        scripted = new ScriptedBackend(new ErrorMetrics());
        scripted.answerAll(OpKind.SEND, ScriptedOp::completeSend);
        scripted.answerAll(OpKind.CONNECT, op -> {
            if (REFUSING.equals(op.remote())) {
                op.fail(WinError.WSAECONNREFUSED);
            } else if (LISTENING.equals(op.remote())) {
                connected.add(op.completeConnect());
            }
        });
        return scripted;
    }

    @Override
    protected boolean operationsStayArmed() {
        return true;
    }

    @Override
    protected Peer connectPeer(InetSocketAddress listener) {
        return new ScriptedPeer(scripted, port, scripted.accept());
    }

    @Override
    protected PeerListener listenPeer() {
        return new PeerListener() {
            @Override
            public InetSocketAddress address() {
                return LISTENING;
            }

            @Override
            public Peer accept() {
                Long socket = connected.poll();
                if (socket == null) {
                    throw new AssertionError("no connect reached " + LISTENING);
                }
                return new ScriptedPeer(scripted, port, socket);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    protected InetSocketAddress closedAddress() {
        return REFUSING;
    }

    @Override
    protected void assertNothingLeft(CompletionPort port) {
        assertTrue(scripted.violations().isEmpty(), () -> "contract breaches: " + scripted.violations());
    }
}
