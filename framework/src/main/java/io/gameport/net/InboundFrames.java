package io.gameport.net;

import io.gameport.log.RateLimitedLog;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's inbound side: its frame decoder, and where the decoder puts what it decodes:
 * each frame to the connection's handler, and a bad header closes only this connection. Worker
 * thread.
 */
final class InboundFrames implements FrameDecoder.Sink {

    /** Connection's logger, as before this class was split from it: log settings for it still apply. */
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final Connection connection;
    private final ConnectionHandler handler;
    private final IoWorker worker;
    private final FrameDecoder decoder;

    InboundFrames(Connection connection, ConnectionHandler handler, IoWorker worker, FrameDecoder decoder) {
        this.connection = connection;
        this.handler = handler;
        this.worker = worker;
        this.decoder = decoder;
    }

    /**
     * Decodes {@code data}'s frames, unless a purposeful close is pending: then nothing more is
     * decoded, because the frame that asked for it may sit mid-chunk and {@link #onFrame} dropped
     * the chunk's remaining bytes, so the decoder no longer knows where the peer's next header
     * starts. Reading on from there would take payload bytes for a length and close the connection
     * for a malformed frame the peer never sent.
     */
    void decode(ByteBuffer data) {
        if (!connection.closingAfterSend()) {
            decoder.decode(data, this);
        }
    }

    /**
     * Why the peer's orderly close (end of stream, or TLS close_notify) ends this connection:
     * {@code PEER_CLOSED_MID_FRAME}, logged with how much of the frame had come, when it left a
     * frame unfinished; {@code PEER_CLOSED} otherwise.
     */
    CloseReason peerClosedReason() {
        if (!decoder.midFrame()) {
            return CloseReason.PEER_CLOSED;
        }
        // One line per peer that leaves mid-frame would let a storm of such peers write the log.
        RateLimitedLog midFrameLog = worker.logs().midFrame();
        if (midFrameLog.admit()) {
            midFrameLog.logger().info("{}: peer closed mid-frame after {}", connection, decoder.progress());
        }
        return CloseReason.PEER_CLOSED_MID_FRAME;
    }

    /** Drops a partial frame: heap of our own, not memory the kernel writes, so its budget share returns at once. */
    void reset() {
        decoder.reset();
    }

    /** Heap held by the partly received frame. */
    int heldBytes() {
        return decoder.heldBytes();
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
