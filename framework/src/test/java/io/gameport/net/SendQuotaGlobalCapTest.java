package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server-wide byte cap of the send quota, reached by several connections that each stay under
 * their own cap: on the scripted port no send completes until the test says so, so what is queued
 * stays pending and the sum is exact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendQuotaGlobalCapTest {

    private static final long PER_CONNECTION = 64 * 1024;
    private static final long GLOBAL = 160 * 1024;
    private static final int FRAME = 1024;
    private static final long ON_WIRE = FRAME + FrameDecoder.HEADER_BYTES;

    private ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Sends frames until the quota refuses one; returns how many were queued. */
    private int fill(long socket) {
        int queued = 0;
        while (server.push(socket, new byte[FRAME]) == SendResult.QUEUED) {
            queued++;
        }
        return queued;
    }

    @Test
    void connectionsUnderTheirOwnCapTogetherStopAtTheGlobalCap() throws Exception {
        server = new ScriptedServer(2, c -> c.withSendQuota(new SendQuotaSettings(100_000, PER_CONNECTION, GLOBAL, SendQuotaPolicy.REJECT)));
        long first = server.accept();
        long second = server.accept();
        long third = server.accept();

        fill(first);
        fill(second);
        assertEquals(PER_CONNECTION / ON_WIRE * ON_WIRE, server.connection(first).pendingBytes(), "the first stops at its own cap");
        assertEquals(PER_CONNECTION / ON_WIRE * ON_WIRE, server.connection(second).pendingBytes());

        int thirdQueued = fill(third);
        long thirdPending = server.connection(third).pendingBytes();
        long global = server.group.sendQuota().globalPendingBytes();
        assertTrue(thirdPending + ON_WIRE <= PER_CONNECTION, "the third is stopped below its own cap, at " + thirdPending);
        assertTrue(thirdQueued > 0, "the third queued what the global cap had left");
        assertTrue(global <= GLOBAL && global + ON_WIRE > GLOBAL, "the global cap is reached and never passed: " + global);
        assertEquals(server.connection(first).pendingBytes() + server.connection(second).pendingBytes() + thirdPending, global);
        assertEquals(3, server.group.sendQuota().rejectedCount());

        // The kernel takes the first connection's bytes: the quota they held is the third's to use.
        server.completeSendsUntilIdle(first);
        assertEquals(SendResult.QUEUED, server.push(third, new byte[FRAME]));
        assertEquals(0, server.connection(first).pendingBytes());
    }
}
