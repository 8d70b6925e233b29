package io.gameport.handler;

import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.net.CloseReason;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.session.Session;
import io.gameport.session.SessionInternals;

/**
 * The framework's own handlers, always registered: a {@code Ping} is answered with a
 * {@code Pong} carrying its nonce (and its request id, when sent as a request); a {@code Pong}
 * needs nothing more, since any frame already counts as activity for the idle timeout.
 */
public final class HeartbeatHandlers implements MessageHandlers {
    @Override
    public void register(HandlerRegistry.Builder on) {
        on.request(Ping.class, (session, ping) -> {
            acknowledged(session, ping.getReceived());
            return Pong.newBuilder().setNonce(ping.getNonce()).setPingSentAtMs(ping.getSentAtMs())
                    .setRepliedAtMs(System.currentTimeMillis()).setReceived(SessionInternals.receivedForHeartbeat(session)).build();
        });
        on.message(Pong.class, (session, pong) -> acknowledged(session, pong.getReceived()));
    }

    /** A heartbeat of a resumable session carries the peer's count of frames received: an acknowledgement. */
    private static void acknowledged(Session session, long received) {
        if (received != 0 && !SessionInternals.acknowledge(session, received)) {
            session.close(CloseReason.PROTOCOL_ERROR, ErrorCode.ERROR_CODE_PROTOCOL_ERROR, "a heartbeat acknowledged frames never sent");
        }
    }
}
