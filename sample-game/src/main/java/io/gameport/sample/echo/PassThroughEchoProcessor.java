package io.gameport.sample.echo;

import io.gameport.dispatch.DispatchMetrics;
import io.gameport.dispatch.FrameProcessor;
import io.gameport.net.CloseReason;
import io.gameport.protocol.PassThroughFrameCodec;
import io.gameport.protocol.ProtocolException;
import io.gameport.session.Session;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;

/**
 * The dispatch echo's handler: every frame is decoded with the {@link PassThroughFrameCodec}
 * (bytes kept as they are), handled on the session's shard, encoded again and sent through the
 * session's send quota: the whole pipeline, with no Protobuf cost. Stateless; every shard shares it.
 */
final class PassThroughEchoProcessor implements FrameProcessor {
    private final PassThroughFrameCodec codec;
    private final DispatchMetrics metrics;

    @Inject
    PassThroughEchoProcessor(PassThroughFrameCodec codec, DispatchMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void onFrame(Session session, ByteBuffer payload) {
        ByteBuffer message;
        try {
            message = codec.decode(payload);
        } catch (ProtocolException e) {
            metrics.countProtocolError(e.error());
            session.close(CloseReason.PROTOCOL_ERROR);
            return;
        }
        session.send(codec, message);
    }
}
