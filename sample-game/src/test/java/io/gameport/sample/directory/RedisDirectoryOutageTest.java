package io.gameport.sample.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Redis going away under the directory: frozen (SIGSTOP: connections accepted, nothing answers),
 * then stopped and started again empty. While it is gone every call answers UNAVAILABLE (never a
 * hang: each is bounded by the call timeout, checked here against a generous ceiling that only a
 * hang would reach); once it is back, calls succeed again with nothing restarted, and a room
 * server's renewal writes its lost registration anew.
 */
class RedisDirectoryOutageTest {

    /** Far above the few call timeouts one call may take: reaching it means the call hung. */
    private static final Duration HANG = Duration.ofSeconds(20);

    @Test
    void callsAnswerUnavailableWhileRedisIsGoneAndSucceedOnceItIsBack() throws Exception {
        try (ThrowawayRedis redis = ThrowawayRedis.startOrSkip();
                RedisRoomDirectory directory = new RedisRoomDirectory(redis.url(),
                        DirectorySettings.DEFAULTS.withServerTtlMs(30_000).withCallTimeoutMs(300))) {
            ServerLease lease = ok(directory.register(new ServerRegistration("room-1", "127.0.0.1", 7200, 10)));
            ok(directory.recordRoom(lease, "room-1/a"));
            ok(directory.reserveNewRoom(1));

            redis.freeze();
            try {
                unavailable(() -> directory.reserveNewRoom(2));
                unavailable(() -> directory.reserveInRoom("room-1/a", 3));
                unavailable(() -> directory.renew(lease, new ServerLoad(1, 1, false)));
            } finally {
                redis.resume();
            }
            assertEquals("room-1", ok(directory.reserveNewRoom(4)).serverId());

            // Several idle connections in the pool, all of which the restart below will break.
            warmPool(directory);
            assertTrue(directory.idleConnections() >= 2, "pool warmed: " + directory.idleConnections());

            redis.stop();
            unavailable(() -> directory.reserveNewRoom(5));
            unavailable(() -> directory.claim(lease, 1));
            unavailable(() -> directory.servers());

            redis.start();
            // An empty Redis: the room server's next renewal writes its registration anew. It and
            // every call after it succeed at once: no connection from before the outage is reused.
            Renewal renewal = ok(directory.renew(lease, new ServerLoad(1, 0, false)));
            assertTrue(renewal.recreated(), "Redis restarted empty: the registration was written anew");
            for (int i = 0; i < 8; i++) {
                assertEquals(1, ok(directory.servers()).size());
            }
            Reservation placed = ok(directory.reserveNewRoom(6));
            assertEquals("room-1", placed.serverId());
            assertEquals(lease.incarnation(), placed.incarnation());
            assertEquals(6, ok(directory.claim(lease, placed.reservationId())).playerId());
            assertTrue(directory.unavailable() >= 6, "each refused call is counted: " + directory.unavailable());
        }
    }

    @Test
    void aPresenceRetriesWhileRedisIsDownAndRegistersOnceItIsUp() throws Exception {
        try (ThrowawayRedis redis = ThrowawayRedis.startOrSkip();
                RedisRoomDirectory directory = new RedisRoomDirectory(redis.url(),
                        DirectorySettings.DEFAULTS.withCallTimeoutMs(300))) {
            redis.stop();
            ServerPresence presence = new ServerPresence(directory,
                    new ServerRegistration("room-1", "127.0.0.1", 7200, 10), new ServerPresence.Reporter() {
                        @Override
                        public ServerLoad load() {
                            return new ServerLoad(3, 1, false);
                        }

                        @Override
                        public java.util.Collection<String> rooms() {
                            return List.of("room-1/a");
                        }
                    });
            assertEquals(ServerPresence.Step.RETRYING, assertTimeoutPreemptively(HANG, presence::tick));
            assertEquals(ServerPresence.Step.RETRYING, assertTimeoutPreemptively(HANG, presence::tick));
            assertTrue(presence.lease().isEmpty());

            redis.start();
            assertEquals(ServerPresence.Step.REGISTERED, presence.tick());
            assertEquals(3, ok(directory.servers()).get(0).load().players());

            // Redis restarted empty under a registered server, every pooled connection now dead:
            // the next tick writes it and its rooms anew.
            warmPool(directory);
            assertTrue(directory.idleConnections() >= 2, "pool warmed: " + directory.idleConnections());
            redis.stop();
            redis.start();
            assertEquals(ServerPresence.Step.RECREATED, presence.tick());
            assertEquals("room-1", ok(directory.reserveInRoom("room-1/a", 1)).serverId());
            presence.close();
            assertEquals(List.of(), ok(directory.servers()));
        }
    }

    /** Concurrent calls until the pool keeps several connections idle (bounded: 20 rounds). */
    private static void warmPool(RedisRoomDirectory directory) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20 && directory.idleConnections() < 4; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<DirectoryResult<List<ServerInfo>>>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return directory.servers();
                    }));
                }
                start.countDown();
                for (Future<DirectoryResult<List<ServerInfo>>> call : calls) {
                    ok(call.get(30, TimeUnit.SECONDS));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void unavailable(Supplier<DirectoryResult<?>> call) {
        DirectoryResult<?> result = assertTimeoutPreemptively(HANG, call::get, "a directory call hung");
        assertEquals(DirectoryError.UNAVAILABLE, result.error(), () -> "expected UNAVAILABLE, was " + result);
    }

    private static <T> T ok(DirectoryResult<T> result) {
        assertTrue(result.isOk(), () -> "expected Ok, was " + result);
        return result.value();
    }
}
