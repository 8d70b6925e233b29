package io.gameport.net;

import io.gameport.log.RateLimitedLog;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one connection's decoder puts what it decodes: each frame to the connection's handler, and
 * a bad header closes only this connection. Worker thread.
 */
final class InboundFrames implements FrameDecoder.Sink {

    /** Connection's logger, as before this class was split from it: log settings for it still apply. */
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final Connection connection;
    private final ConnectionHandler handler;
    private final IoWorker worker;

    InboundFrames(Connection connection, ConnectionHandler handler, IoWorker worker) {
        this.connection = connection;
        this.handler = handler;
        this.worker = worker;
    }

    @Override
    public boolean onFrame(ByteBuffer payload) {
        if (connection.closingAfterSend()) {
            // Closing once its last frames are sent: nothing more is read into the server.
            return false;
        }
        worker.traffic().frameReceived();
        try {
            handler.onFrame(connection, payload);
        } catch (RuntimeException e) {
            LOG.error("{}: frame handler threw", connection, e);
            connection.startClose(CloseReason.HANDLER_ERROR);
        }
        return connection.state() == Connection.OPEN;
    }

    @Override
    public void onMalformed(CloseReason reason, long announcedLength) {
        RateLimitedLog badHeaderLog = worker.logs().badHeader();
        if (badHeaderLog.admit()) {
            badHeaderLog.logger().warn("{}: frame header announced {} bytes (maximum {}): {}", connection, announcedLength,
                    worker.maxFrameBytes(), reason);
        }
        connection.startClose(reason);
    }
}
