package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.SendResult;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.messages.Ping;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SessionManager} on sessions over scripted connections ({@link ScriptedSessions}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionManagerTest {

    private final AtomicInteger encodings = new AtomicInteger();
    private ScriptedSessions net;

    @AfterEach
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    private ScriptedSessions sessions() throws Exception {
        net = new ScriptedSessions(SessionSettings.defaults(), encoder -> new MessageEncoder() {
            @Override
            public ByteBuffer encode(Message message, int requestId) {
                encodings.incrementAndGet();
                return encoder.encode(message, requestId);
            }

            @Override
            public int encodedLength(Message message) {
                return encoder.encodedLength(message);
            }

            @Override
            public void encodeInto(Message message, int requestId, ByteBuffer dst) {
                encodings.incrementAndGet();
                encoder.encodeInto(message, requestId, dst);
            }
        });
        return net;
    }

    @Test
    void anOpenedSessionIsFoundByItsConnectionsIdAndAttachedToIt() throws Exception {
        ScriptedSessions net = sessions();
        Session first = net.open();
        Session second = net.open();
        SessionManager manager = net.sessions;

        assertSame(first, manager.get(first.id()));
        assertSame(second, manager.get(second.id()));
        assertEquals(net.connectionOf(first).id(), first.id());
        assertSame(first, net.connectionOf(first).attachment(), "the session is attached to its connection");
        assertEquals(2, manager.size());
        assertEquals(Set.of(first, second), Set.copyOf(manager.all()));
        assertTrue(first.isOpen());
        assertEquals(SessionState.CONNECTED, first.state());
        assertNull(manager.get(first.id() + second.id() + 1000), "no session under an unknown id");
    }

    @Test
    void aClosedSessionLeavesTheManagerStopsBeingOpenAndItsReasonIsCounted() throws Exception {
        ScriptedSessions net = sessions();
        Session leaving = net.open();
        Session staying = net.open();
        SessionManager manager = net.sessions;

        leaving.close(CloseReason.LOCAL_CLOSE);
        assertEquals(CloseReason.LOCAL_CLOSE, net.awaitClosed(leaving));
        assertNull(manager.get(leaving.id()));
        assertEquals(List.of(staying), List.copyOf(manager.all()));
        assertFalse(leaving.isOpen());
        assertEquals(1, manager.closedCount(CloseReason.LOCAL_CLOSE));
        assertEquals(0, manager.closedCount(CloseReason.PEER_RESET));
        assertEquals(SendResult.CLOSED, leaving.send(Ping.getDefaultInstance()), "a closed session answers CLOSED to sends");
    }

    @Test
    void allIsALiveViewThatCallersCannotChange() throws Exception {
        ScriptedSessions net = sessions();
        var view = net.sessions.all();
        assertTrue(view.isEmpty());
        Session session = net.open();
        assertEquals(List.of(session), List.copyOf(view), "the view shows sessions opened after it was taken");
        assertThrows(UnsupportedOperationException.class, () -> view.remove(session));
        assertThrows(UnsupportedOperationException.class, view::clear);
        assertSame(session, net.sessions.get(session.id()));
    }

    @Test
    void aBroadcastIsEncodedOnceAndCountsEveryRecipientsResult() throws Exception {
        ScriptedSessions net = sessions();
        Session a = net.open();
        Session b = net.open();
        Session closed = net.open();
        closed.close(CloseReason.LOCAL_CLOSE);
        net.awaitClosed(closed);
        encodings.set(0);

        Ping ping = Ping.newBuilder().setNonce(77).build();
        BroadcastResult result = net.sessions.broadcast(List.of(a, b, closed), ping);

        assertEquals(1, encodings.get(), "encoded once for every recipient");
        assertEquals(2, result.queued());
        assertEquals(1, result.count(SendResult.CLOSED));
        assertEquals(1, result.notQueued());
        for (Session session : List.of(a, b)) {
            Envelope received = net.nextMessage(session);
            assertEquals(ping, received.message());
            assertEquals(0, received.requestId(), "a broadcast is not a response");
        }
    }

    @Test
    void broadcastAllReachesEveryOpenSessionAndNoClosedOne() throws Exception {
        ScriptedSessions net = sessions();
        Session a = net.open();
        Session gone = net.open();
        Session b = net.open();
        gone.close(CloseReason.LOCAL_CLOSE);
        net.awaitClosed(gone);

        BroadcastResult result = net.sessions.broadcastAll(Ping.newBuilder().setNonce(5).build());

        assertEquals(2, result.queued());
        assertEquals(0, result.notQueued(), "a closed session is no longer among all()");
        assertEquals(5, ((Ping) net.nextMessage(a).message()).getNonce());
        assertEquals(5, ((Ping) net.nextMessage(b).message()).getNonce());
    }
}
