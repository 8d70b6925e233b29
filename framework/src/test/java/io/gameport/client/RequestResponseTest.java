package io.gameport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Message;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.handler.HandlerSettings;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.testing.StudioGame.ListMatchesRequest;
import io.gameport.protocol.testing.StudioGame.ListMatchesResponse;
import io.gameport.testing.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestResponseTest {

    @Test
    void eachResponseCompletesTheRequestWithItsIdUnderConcurrentRequests() throws Exception {
        // 2,000 pipelined requests from one session: past the default frames-per-second limit, which is off here.
        try (ServerFixture fixture = new ServerFixture(on -> { },
                ServerFixture.settings().withDispatch(DispatchSettings.defaults().withShards(2))
                        .withHandlers(HandlerSettings.defaults().withMaxFramesPerSecond(0)))) {
            GameClient client = fixture.client();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<CompletableFuture<Pong>> pongs = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        pongs.add(client.request(Ping.newBuilder().setNonce(thread * 1_000_000L + i).build(), Pong.class,
                                Duration.ofSeconds(20)));
                    }
                    for (int i = 0; i < pongs.size(); i++) {
                        assertEquals(thread * 1_000_000L + i, pongs.get(i).get(30, TimeUnit.SECONDS).getNonce());
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(50, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(0, client.pendingRequests());
            assertEquals(0, client.lateResponses());
        }
    }

    @Test
    void requestWithoutResponseFailsWithTimeoutAndTheLateResponseIsCountedAndDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ServerFixture fixture = new ServerFixture(on -> on.request(ListMatchesRequest.class, (session, request) -> {
            // Holds the shard until the client has timed out, then answers: a late response.
            release.await(20, TimeUnit.SECONDS);
            return ListMatchesResponse.getDefaultInstance();
        }))) {
            List<Message> pushes = new java.util.concurrent.CopyOnWriteArrayList<>();
            GameClient client = fixture.client(on -> on.onUnhandled(pushes::add));
            CompletableFuture<ListMatchesResponse> response = client.request(ListMatchesRequest.newBuilder().setAfterMatchId(3).build(),
                    ListMatchesResponse.class, Duration.ofMillis(100));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> response.get(15, TimeUnit.SECONDS));
            assertInstanceOf(RequestTimeoutException.class, failure.getCause());
            assertEquals(0, client.pendingRequests());
            release.countDown();
            ServerFixture.await(() -> client.lateResponses() == 1);
            assertEquals(1, client.lateResponses());
            assertEquals(List.of(), pushes, "a late response is dropped, not pushed");
            // The connection is still usable after the timeout.
            Pong pong = client.request(Ping.newBuilder().setNonce(5).build(), Pong.class, Duration.ofSeconds(10))
                    .get(15, TimeUnit.SECONDS);
            assertEquals(5, pong.getNonce());
        }
    }
}
