package io.gameport.sample.directory;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The directory in Redis, shared by every login and room server of a game. Each operation is one
 * run of {@code directory.lua} (see {@link DirectoryScript}), so a check and the change it allows
 * (a free seat and its reservation, a reservation and its claim) happen with nothing in between.
 * Registrations and reservations expire by Redis key expiry on Redis's clock.
 *
 * <p>Bounded waits: a pooled connection is waited for at most {@code callTimeoutMs}, and connecting
 * and each reply are bounded by the same timeout, so a call returns within a few times
 * {@code callTimeoutMs} even when Redis is gone, answering {@link DirectoryError#UNAVAILABLE}
 * (counted in {@link #unavailable()}, the cause logged at most once a second). A failed connection
 * empties the pool's idle ones, and a call that met a connection a Redis restart left dead is
 * made once more on a fresh one, so once Redis is back calls succeed; nothing needs restarting.
 * Redis without persistence forgets everything when it restarts: the room servers' next renewals
 * write their registrations anew ({@link Renewal#recreated()}).
 *
 * <p>Uses one Redis (or one cluster slot: every key carries the hash tag {@code {prefix}}).
 * Thread-safe.
 */
public final class RedisRoomDirectory implements RoomDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRoomDirectory.class);
    /** Connections kept for concurrent calls; more callers wait (at most the call timeout). */
    private static final int POOL_CONNECTIONS = 32;

    private final DirectorySettings settings;
    private final String prefix;
    private final RedisClient redis;
    private final DirectoryScript script = DirectoryScript.load();
    private final SecureRandom random = new SecureRandom();
    private final LongAdder unavailable = new LongAdder();
    private volatile long lastFailureLogMs;

    /**
     * Connects lazily: a Redis that is down now makes calls answer {@link DirectoryError#UNAVAILABLE}
     * until it is up, not this constructor fail.
     *
     * @param redisUrl {@code redis://[user:password@]host:port[/database]} ({@code rediss://} for TLS)
     */
    public RedisRoomDirectory(String redisUrl, DirectorySettings settings) {
        URI uri = parse(redisUrl);
        this.settings = settings;
        this.prefix = "{" + settings.keyPrefix() + "}";
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.callTimeoutMs());
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName("gameport-directory");
        if (JedisURIHelper.getPassword(uri) != null) {
            client.user(JedisURIHelper.getUser(uri)).password(JedisURIHelper.getPassword(uri));
        }
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(POOL_CONNECTIONS);
        poolConfig.setMaxIdle(POOL_CONNECTIONS);
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(Duration.ofMillis(settings.callTimeoutMs()));
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setTestWhileIdle(true);
        poolConfig.setTimeBetweenEvictionRuns(Duration.ofSeconds(10));
        this.redis = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri)).clientConfig(client.build())
                .poolConfig(poolConfig).build();
    }

    private static URI parse(String redisUrl) {
        if (redisUrl == null) {
            throw new IllegalArgumentException("a Redis URL is redis://host:port[/database] or rediss://..., was null");
        }
        try {
            URI uri = new URI(redisUrl);
            if (!JedisURIHelper.isValid(uri) || !(JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri))) {
                throw new IllegalArgumentException("a Redis URL is redis://host:port[/database] or rediss://..., was "
                        + redisUrl);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("a Redis URL is redis://host:port[/database] or rediss://..., was "
                    + redisUrl, e);
        }
    }

    /** Calls answered {@link DirectoryError#UNAVAILABLE} because Redis failed or did not answer in time. */
    public long unavailable() {
        return unavailable.sum();
    }

    @Override
    public DirectoryResult<ServerLease> register(ServerRegistration registration) {
        long incarnation = positiveRandom();
        return call(List.of("register", prefix, registration.serverId(), registration.publicHost(),
                        Integer.toString(registration.publicPort()), Integer.toString(registration.capacity()),
                        Long.toString(incarnation), Long.toString(settings.serverTtlMs())),
                answer -> new ServerLease(registration, incarnation));
    }

    @Override
    public DirectoryResult<Renewal> renew(ServerLease lease, ServerLoad load) {
        ServerRegistration reg = lease.registration();
        return call(List.of("renew", prefix, lease.serverId(), Long.toString(lease.incarnation()),
                        Integer.toString(load.players()), Integer.toString(load.rooms()), load.draining() ? "1" : "0",
                        Long.toString(settings.serverTtlMs()), reg.publicHost(), Integer.toString(reg.publicPort()),
                        Integer.toString(reg.capacity())),
                answer -> new Renewal(asLong(answer.get(1)) == 1, asLong(answer.get(2))));
    }

    @Override
    public DirectoryResult<Void> deregister(ServerLease lease) {
        return call(List.of("deregister", prefix, lease.serverId(), Long.toString(lease.incarnation())), answer -> null);
    }

    @Override
    public DirectoryResult<Void> recordRoom(ServerLease lease, String roomId) {
        InProcessRoomDirectory.requireRoomId(roomId);
        return call(List.of("record_room", prefix, lease.serverId(), Long.toString(lease.incarnation()), roomId),
                answer -> null);
    }

    @Override
    public DirectoryResult<Void> removeRoom(ServerLease lease, String roomId) {
        InProcessRoomDirectory.requireRoomId(roomId);
        return call(List.of("remove_room", prefix, lease.serverId(), Long.toString(lease.incarnation()), roomId),
                answer -> null);
    }

    @Override
    public DirectoryResult<Reservation> reserveNewRoom(long playerId) {
        return reserveWithFreshId(rid -> List.of("reserve_new", prefix, Long.toString(playerId), rid,
                Long.toString(settings.reservationTtlMs())), playerId, "");
    }

    @Override
    public DirectoryResult<Reservation> reserveInRoom(String roomId, long playerId) {
        InProcessRoomDirectory.requireRoomId(roomId);
        return reserveWithFreshId(rid -> List.of("reserve_in_room", prefix, roomId, Long.toString(playerId), rid,
                Long.toString(settings.reservationTtlMs())), playerId, roomId);
    }

    @Override
    public DirectoryResult<SeatClaim> claim(ServerLease claimer, long reservationId) {
        return call(List.of("claim", prefix, claimer.serverId(), Long.toString(claimer.incarnation()),
                        Long.toString(reservationId)),
                answer -> new SeatClaim(reservationId, asLong(answer.get(1)), asString(answer.get(2))));
    }

    @Override
    public DirectoryResult<List<ServerInfo>> servers() {
        return call(List.of("servers", prefix), answer -> {
            List<ServerInfo> infos = new ArrayList<>();
            for (Object row : answer.subList(1, answer.size())) {
                List<?> f = (List<?>) row;
                ServerRegistration reg = new ServerRegistration(asString(f.get(0)), asString(f.get(1)),
                        (int) asLong(f.get(2)), (int) asLong(f.get(3)));
                ServerLoad load = new ServerLoad((int) asLong(f.get(5)), (int) asLong(f.get(6)), asLong(f.get(7)) == 1);
                infos.add(new ServerInfo(reg, asLong(f.get(4)), load, (int) asLong(f.get(8)), asLong(f.get(9))));
            }
            infos.sort(Comparator.comparing(info -> info.registration().serverId()));
            return List.copyOf(infos);
        });
    }

    /** Connections idle in the pool (tests check that a failure empties it). */
    int idleConnections() {
        return redis.getPool().getNumIdle();
    }

    @Override
    public DirectorySettings settings() {
        return settings;
    }

    @Override
    public void close() {
        redis.close();
    }

    /** A reservation id is random; on the (astronomically rare) clash the script says RETRY and a new one is drawn. */
    private DirectoryResult<Reservation> reserveWithFreshId(Function<String, List<String>> args, long playerId, String roomId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long rid = positiveRandom();
            DirectoryResult<Reservation> result = call(args.apply(Long.toString(rid)),
                    answer -> asString(answer.get(0)).equals("RETRY") ? null
                            : new Reservation(rid, asString(answer.get(2)), asLong(answer.get(3)),
                                    asString(answer.get(4)), (int) asLong(answer.get(5)), playerId, roomId,
                                    asLong(answer.get(6))));
            if (!result.isOk() || result.value() != null) {
                return result;
            }
        }
        return DirectoryResult.refused(DirectoryError.UNAVAILABLE, "three random reservation ids in a row were taken");
    }

    /** Runs the script; "OK" answers go to {@code onOk}, the rest become refusals, failures UNAVAILABLE. */
    private <T> DirectoryResult<T> call(List<String> args, Function<List<?>, T> onOk) {
        List<?> answer;
        try {
            answer = runOnLiveConnection(args);
        } catch (JedisDataException e) {
            if (!isTransient(e)) {
                // A script or data error is a bug here, not an outage: say so loudly.
                throw new IllegalStateException("room directory script failed on " + args.get(0) + ": " + e.getMessage(), e);
            }
            return unavailable(args.get(0), e);
        } catch (JedisException e) {
            // Connection refused or reset, a reply past the timeout, no pooled connection in time.
            return unavailable(args.get(0), e);
        }
        String status = asString(answer.get(0));
        if (status.equals("OK") || status.equals("RETRY")) {
            return DirectoryResult.ok(onOk.apply(answer));
        }
        return DirectoryResult.refused(DirectoryError.valueOf(status), asString(answer.get(1)));
    }

    /**
     * Runs the script; a pooled connection that a Redis restart left dead fails at once (reset, end
     * of stream): the pool's idle connections are then dropped and the call is made once more on a
     * fresh one. A timeout is not retried, so a frozen Redis still costs one timeout per call.
     */
    private List<?> runOnLiveConnection(List<String> args) {
        try {
            return (List<?>) script.run(redis, args);
        } catch (JedisConnectionException e) {
            if (timedOut(e)) {
                throw e;
            }
            redis.getPool().clear();
            return (List<?>) script.run(redis, args);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Redis's answers for "not now": a long script, still loading, failing over, out of memory. */
    private static boolean isTransient(JedisDataException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("BUSY") || message.startsWith("LOADING") || message.startsWith("MASTERDOWN")
                || message.startsWith("READONLY") || message.startsWith("TRYAGAIN") || message.startsWith("OOM");
    }

    private <T> DirectoryResult<T> unavailable(String operation, JedisException e) {
        unavailable.increment();
        // Idle connections made before the failure are likely dead too: drop them so the next
        // calls connect afresh instead of each failing once on a stale socket.
        redis.getPool().clear();
        long now = System.currentTimeMillis();
        if (now - lastFailureLogMs >= 1_000) {
            lastFailureLogMs = now;
            LOG.warn("room directory: Redis failed on {} ({} calls unavailable so far): {}", operation,
                    unavailable.sum(), e.toString());
        }
        return DirectoryResult.refused(DirectoryError.UNAVAILABLE, "Redis did not answer " + operation + " within "
                + settings.callTimeoutMs() + " ms: " + e.getMessage());
    }

    private long positiveRandom() {
        long value;
        do {
            value = random.nextLong() & Long.MAX_VALUE;
        } while (value == 0);
        return value;
    }

    private static String asString(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static long asLong(Object value) {
        return value instanceof Long number ? number : Long.parseLong(asString(value));
    }
}
