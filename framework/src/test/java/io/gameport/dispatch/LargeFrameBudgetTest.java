package io.gameport.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.server.GameServerSettings;
import com.google.protobuf.ByteString;
import io.gameport.dispatch.DispatchMetrics;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.net.CloseReason;
import io.gameport.protocol.testing.StudioGame.ListMatchesRequest;
import io.gameport.protocol.testing.StudioGame.ListMatchesResponse;
import io.gameport.protocol.testing.StudioGame.UploadReplayRequest;
import io.gameport.protocol.testing.StudioGame.UploadReplayResponse;
import io.gameport.server.GameServer;
import io.gameport.session.Session;
import io.gameport.session.SessionInternals;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Frames larger than a ring slot keeps get heap of their own while they wait for their shard; the
 * large-frame budget caps that heap per session (the flooder is closed) and per shard (the
 * publisher waits). The shard is held in a handler while peers send, so frames pile up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LargeFrameBudgetTest {

    /** One large frame: header and a 60,000-byte replay, about 60 KB, under the 64 KiB maximum frame. */
    private static final ByteString LARGE_REPLAY = ByteString.copyFrom(new byte[60_000]);
    private static final long PER_SESSION = 128 * 1024;
    private static final long PER_SHARD = 256 * 1024;

    /** The handlers of these tests: ListMatches holds the shard until released, UploadReplay is the large frame. */
    private static final class HeldShard {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger largeHandled = new AtomicInteger();
        final ConcurrentHashMap<Long, CloseReason> closes = new ConcurrentHashMap<>();
        final AtomicLong maxQueuedPerShard = new AtomicLong();
        final AtomicLong maxQueuedPerSession = new AtomicLong();
        volatile GameServer server;

        ServerFixture start() throws Exception {
            GameServerSettings settings = ServerFixture.settings().withDispatch(DispatchSettings.defaults().withShards(1)
                    .withLargeFrameBudget(PER_SESSION, PER_SHARD));
            ServerFixture fixture = new ServerFixture(on -> {
                on.request(ListMatchesRequest.class, (session, request) -> {
                    entered.countDown();
                    awaitQuietly(release);
                    return ListMatchesResponse.getDefaultInstance();
                });
                on.request(UploadReplayRequest.class, (session, request) -> {
                    largeHandled.incrementAndGet();
                    record(session);
                    return UploadReplayResponse.newBuilder().setStoredBytes(request.getReplay().size()).build();
                });
                on.onClose((session, reason) -> closes.put(session.id(), reason));
            }, settings);
            server = fixture.server;
            return fixture;
        }

        /** Runs on the shard while the frame's own bytes are still counted. */
        private void record(Session session) {
            maxQueuedPerShard.accumulateAndGet(server.dispatcher().queuedLargeFrameBytes(0), Math::max);
            maxQueuedPerSession.accumulateAndGet(SessionInternals.queuedLargeFrameBytes(session), Math::max);
        }

        /** A session whose request occupies the shard until {@link #release}: frames sent meanwhile wait in the ring. */
        FrameClient holdShard(ServerFixture fixture) throws Exception {
            FrameClient holder = fixture.raw();
            holder.write(ListMatchesRequest.getDefaultInstance(), 1);
            holder.flush();
            assertTrue(entered.await(20, TimeUnit.SECONDS), "the shard took the holding request");
            return holder;
        }

        DispatchMetrics metrics() {
            return server.dispatcher().metrics();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "the test never released the shard");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendLarge(FrameClient client, int frames) throws Exception {
        for (int i = 0; i < frames; i++) {
            client.write(UploadReplayRequest.newBuilder().setReplay(LARGE_REPLAY).build(), 100 + i);
        }
        client.flush();
    }

    @Test
    void sessionWhoseWaitingLargeFramesPassItsBudgetIsClosedAndItsAdmittedFramesAreStillHandled() throws Exception {
        HeldShard held = new HeldShard();
        try (ServerFixture fixture = held.start()) {
            FrameClient holder = held.holdShard(fixture);

            // Three frames: two fit, the third would pass the budget. (Any more and the flooder's own
            // writes could meet the server's reset.)
            FrameClient flooder = fixture.raw();
            sendLarge(flooder, 3);
            ServerFixture.await(() -> held.metrics().inboundBudgetCloses() == 1);
            assertEquals(1, held.metrics().inboundBudgetCloses());
            // Two frames of about 60 KB fit in 128 KiB; the third would not and closed the session.
            assertTrue(held.server.dispatcher().queuedLargeFrameBytes(0) <= PER_SESSION);

            held.release.countDown();
            assertTrue(flooder.awaitClosedByServer());
            ServerFixture.await(() -> held.closes.size() == 1 && held.server.dispatcher().queuedLargeFrameBytes(0) == 0);
            assertEquals(List.of(CloseReason.INBOUND_BUDGET_EXCEEDED), new ArrayList<>(held.closes.values()));
            assertEquals(2, held.largeHandled.get());
            assertTrue(held.maxQueuedPerSession.get() <= PER_SESSION);
            assertEquals(0, held.server.dispatcher().queuedLargeFrameBytes(0));

            // The holder's session is untouched: its answer arrives, and it is served again.
            assertEquals(1, holder.read().requestId());
            sendLarge(holder, 1);
            assertEquals(100, holder.read().requestId());
        }
    }

    @Test
    void sessionsThatTogetherPassTheShardBudgetWaitForTheShardAndLoseNothing() throws Exception {
        HeldShard held = new HeldShard();
        try (ServerFixture fixture = held.start()) {
            FrameClient holder = held.holdShard(fixture);

            // Three sessions with two large frames each: each within its own 128 KiB, together
            // about 360 KB, more than the shard's 256 KiB, so the I/O worker has to wait.
            List<FrameClient> senders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                FrameClient sender = fixture.raw();
                sendLarge(sender, 2);
                senders.add(sender);
            }
            ServerFixture.await(() -> held.metrics().largeFrameWaits() >= 1);
            assertTrue(held.metrics().largeFrameWaits() >= 1);
            assertTrue(held.server.dispatcher().queuedLargeFrameBytes(0) <= PER_SHARD);

            held.release.countDown();
            for (FrameClient sender : senders) {
                assertEquals(100, sender.read().requestId());
                assertEquals(101, sender.read().requestId());
            }
            assertEquals(6, held.largeHandled.get());
            assertTrue(held.maxQueuedPerShard.get() <= PER_SHARD, "shard held " + held.maxQueuedPerShard.get());
            assertEquals(0, held.metrics().inboundBudgetCloses());
            assertTrue(held.closes.isEmpty());
            ServerFixture.await(() -> held.server.dispatcher().queuedLargeFrameBytes(0) == 0);
            assertEquals(0, held.server.dispatcher().queuedLargeFrameBytes(0));
        }
    }

    @Test
    void serverRefusesToStartWhenOneMaximumFrameWouldPassTheSessionBudget() {
        DispatchSettings tooSmall = DispatchSettings.defaults().withShards(1).withLargeFrameBudget(16 * 1024, PER_SHARD);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> GameServerSettings.defaults().withDispatch(tooSmall));
        assertTrue(failure.getMessage().contains("maxLargeFrameBytesPerSession (16384) must be >= ProtocolSettings.maxFrameBytes (65536)"),
                failure.getMessage());
    }

    @Test
    void shardBudgetSmallerThanTheSessionBudgetIsRejected() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> DispatchSettings.defaults().withLargeFrameBudget(PER_SHARD, PER_SESSION));
        assertTrue(failure.getMessage().contains("DispatchSettings.maxLargeFrameBytesPerShard must be >= maxLargeFrameBytesPerSession (262144), was 131072"),
                failure.getMessage());
    }
}
