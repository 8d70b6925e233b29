package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.GameClient;
import io.gameport.net.CloseReason;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.TickState;
import io.gameport.testing.ServerFixture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulStopTest {

    @Test
    void stopHandlesReceivedMessagesAndFlushesWhatHandlersQueuedBeforeClosing() throws Exception {
        int pushes = 3000;
        CountDownLatch entered = new CountDownLatch(1);
        AtomicReference<CloseReason> closeSeenByShard = new AtomicReference<>();
        ServerFixture fixture = new ServerFixture(on -> {
            on.request(CreateMatchRequest.class, (session, request) -> {
                entered.countDown();
                for (int i = 0; i < pushes; i++) {
                    session.send(TickState.newBuilder().setTick(i).build());
                }
                return CreateMatchResponse.getDefaultInstance();
            });
            on.onClose((session, reason) -> closeSeenByShard.set(reason));
        });
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        GameClient client = fixture.client(on -> on.on(TickState.class, tick -> {
            if (tick.getTick() != ticks.getAndIncrement()) {
                outOfOrder.incrementAndGet();
            }
        }));
        CompletableFuture<CreateMatchResponse> response = client.request(CreateMatchRequest.getDefaultInstance(),
                CreateMatchResponse.class, Duration.ofSeconds(30));
        assertTrue(entered.await(20, TimeUnit.SECONDS));
        // Stop while the handler is still queueing: stop waits for it, then for the bytes to leave.
        boolean complete = fixture.server.stop(Duration.ofSeconds(20));
        assertTrue(complete, "everything was flushed within the deadline");
        response.get(20, TimeUnit.SECONDS);
        assertEquals(pushes, ticks.get());
        assertEquals(0, outOfOrder.get());
        ServerFixture.await(() -> !client.isOpen());
        assertEquals(CloseReason.SERVER_STOPPING, closeSeenByShard.get(), "the shard handled the close event before stopping");
        assertEquals(0, fixture.server.sendQuota().globalPendingBytes());
        fixture.close();
    }
}
