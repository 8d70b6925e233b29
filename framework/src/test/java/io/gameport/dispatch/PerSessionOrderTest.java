package io.gameport.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.dispatch.DispatchSettings;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.testing.StudioGame.MoveInput;
import io.gameport.protocol.testing.StudioGame.TickState;
import io.gameport.session.AttributeKey;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PerSessionOrderTest {

    private static final AttributeKey<long[]> NEXT = AttributeKey.of("next", long[].class);

    @Test
    void everySessionSeesItsMessagesInSendOrderWithManyClientThreadsAndShards() throws Exception {
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong handled = new AtomicLong();
        // The handler keeps per-session state in a session attribute without any lock: only the
        // session's shard ever touches it, which is the guarantee under test.
        try (ServerFixture fixture = new ServerFixture(on -> on.message(MoveInput.class, (session, move) -> {
            long[] next = session.attribute(NEXT);
            if (next == null) {
                next = new long[1];
                session.attribute(NEXT, next);
            }
            if (move.getInputSequence() != next[0]) {
                violations.add(session + " expected " + next[0] + " got " + move.getInputSequence());
            }
            next[0] = move.getInputSequence() + 1;
            handled.incrementAndGet();
            session.send(TickState.newBuilder().setTick(move.getInputSequence()).build());
        }), ServerFixture.settings().withDispatch(DispatchSettings.defaults().withShards(4).withRingSizePerShard(256)))) {
            int threads = 8;
            int sessionsPerThread = 6;
            int messagesPerSession = 400;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 1000 + t;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    FrameClient[] clients = new FrameClient[sessionsPerThread];
                    int[] sent = new int[sessionsPerThread];
                    int[] received = new int[sessionsPerThread];
                    for (int i = 0; i < clients.length; i++) {
                        clients[i] = fixture.raw();
                    }
                    int remaining = sessionsPerThread * messagesPerSession;
                    while (remaining > 0) {
                        int i = random.nextInt(clients.length);
                        if (sent[i] == messagesPerSession) {
                            continue;
                        }
                        int burst = Math.min(1 + random.nextInt(20), messagesPerSession - sent[i]);
                        for (int k = 0; k < burst; k++) {
                            clients[i].write(MoveInput.newBuilder().setInputSequence(sent[i]++).build(), MessageHeader.NO_REQUEST);
                        }
                        remaining -= burst;
                        clients[i].flush();
                        // Read the replies of a random client now and then, so reads interleave with writes.
                        int j = random.nextInt(clients.length);
                        while (received[j] < sent[j] && random.nextBoolean()) {
                            readInOrder(clients[j], received[j]++);
                        }
                    }
                    for (int i = 0; i < clients.length; i++) {
                        while (received[i] < messagesPerSession) {
                            readInOrder(clients[i], received[i]++);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(100, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(List.of(), new ArrayList<>(violations));
            assertEquals((long) threads * sessionsPerThread * messagesPerSession, handled.get());
            assertEquals(0, fixture.server.dispatcher().metrics().handlerErrors());
        }
    }

    private static void readInOrder(FrameClient client, long expected) throws Exception {
        Envelope envelope = client.read();
        assertTrue(envelope.message() instanceof TickState, "unexpected " + envelope.message());
        assertEquals(expected, ((TickState) envelope.message()).getTick());
    }
}
