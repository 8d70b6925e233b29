package io.gameport.handler;

import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;

/**
 * The framework's own handlers, always registered: a {@code Ping} is answered with a
 * {@code Pong} carrying its nonce (and its request id, when sent as a request); a {@code Pong}
 * needs nothing more, since any frame already counts as activity for the idle timeout.
 */
public final class HeartbeatHandlers implements MessageHandlers {
    @Override
    public void register(HandlerRegistry.Builder on) {
        on.request(Ping.class, (session, ping) -> Pong.newBuilder().setNonce(ping.getNonce())
                .setPingSentAtMs(ping.getSentAtMs()).setRepliedAtMs(System.currentTimeMillis()).build());
        on.message(Pong.class, (session, pong) -> { });
    }
}
