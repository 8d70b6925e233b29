package io.gameport.session;

import io.gameport.log.PeerLogs;
import io.gameport.log.RateLimitedLog;
import io.gameport.net.CloseReason;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.Ping;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeat, idle timeout and authentication deadline, run by one timer thread every {@link SessionSettings#checkPeriodMs()}:
 * it reads each session's inbound frame counter, turns a change into a new last-activity time,
 * sends a {@code Ping} to sessions silent for the heartbeat interval (encoded once per check and
 * shared by every such session), closes sessions silent for the idle timeout and sessions not
 * marked authenticated within the authentication deadline (each told why with a
 * {@code Disconnect} first). Closing and
 * sending are hand-offs to the sessions' I/O workers, so no I/O thread ever polls for time.
 *
 * <p>The per-session fields it keeps ({@code frameCountSeen}, {@code lastPingNanos}) are only
 * touched by its thread.
 */
@Singleton
public final class IdleMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IdleMonitor.class);

    private final SessionSettings settings;
    private final SessionManager sessions;
    private final AtomicLong pingNonce = new AtomicLong();
    private final LongAdder idleCloses = new LongAdder();
    private final LongAdder pingsSent = new LongAdder();
    private final LongAdder authTimeouts = new LongAdder();
    private final RateLimitedLog idleLog;
    private final RateLimitedLog authLog;
    private ScheduledExecutorService timer;

    @Inject
    public IdleMonitor(SessionSettings settings, SessionManager sessions, PeerLogs logs) {
        this.settings = settings;
        this.sessions = sessions;
        this.idleLog = logs.log(IdleMonitor.class, "idle sessions closed");
        this.authLog = logs.log(IdleMonitor.class, "sessions closed unauthenticated");
    }

    public SessionSettings settings() {
        return settings;
    }

    /** Starts the timer thread; does nothing when heartbeat, idle timeout and authentication deadline are all disabled. */
    public synchronized void start() {
        if (timer != null || !settings.monitors()) {
            return;
        }
        // An Error in a check is fatal (FatalErrors), a RuntimeException is caught by safeCheck.
        timer = new io.gameport.net.GuardedTimer("gameport-session-timer");
        timer.scheduleAtFixedRate(this::safeCheck, settings.checkPeriodMs(), settings.checkPeriodMs(), TimeUnit.MILLISECONDS);
        Resumption resumption = sessions.resumption();
        if (resumption != null) {
            long period = resumption.settings().ackDelayMs();
            timer.scheduleAtFixedRate(() -> safely(resumption::sweep), period, period, TimeUnit.MILLISECONDS);
        }
    }

    private static void safely(Runnable sweep) {
        try {
            sweep.run();
        } catch (RuntimeException e) {
            LOG.error("resumption sweep failed", e);
        }
    }

    /** Sessions closed for silence. */
    public long idleCloses() {
        return idleCloses.sum();
    }

    /** Sessions closed because they were not marked authenticated within the deadline ({@code AUTH_TIMEOUT}). */
    public long authTimeouts() {
        return authTimeouts.sum();
    }

    /** Heartbeat pings sent. */
    public long pingsSent() {
        return pingsSent.sum();
    }

    private void safeCheck() {
        try {
            check(System.nanoTime());
        } catch (RuntimeException e) {
            // A failed check must not cancel the schedule: the next period tries again.
            LOG.error("session check failed", e);
        }
    }

    /** One pass over the sessions: the timer thread's work. */
    private void check(long now) {
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(settings.idleTimeoutMs());
        long heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs());
        long authNanos = TimeUnit.MILLISECONDS.toNanos(settings.authDeadlineMs());
        ByteBuffer ping = null;
        Resumption resumption = sessions.resumption();
        for (Session session : sessions.all()) {
            if (!session.isOpen()) {
                continue;
            }
            ResumableState resumable = session.resumable;
            if (resumable != null && resumable.suspended) {
                // No connection to watch: the resumption's grace period runs instead.
                continue;
            }
            if (authNanos > 0 && session.state() == SessionState.CONNECTED && now - session.openedAtNanos() >= authNanos) {
                authTimeouts.increment();
                if (authLog.admit()) {
                    authLog.logger().info("{}: not authenticated within {} ms, closing", session, settings.authDeadlineMs());
                }
                session.close(CloseReason.AUTH_TIMEOUT, ErrorCode.ERROR_CODE_AUTH_TIMEOUT, "not authenticated in time");
                continue;
            }
            long frames = session.inboundFrames();
            if (frames != session.frameCountSeen) {
                session.frameCountSeen = frames;
                session.lastActivityNanos(now);
                continue;
            }
            long silent = now - session.lastActivityNanos();
            if (idleNanos > 0 && silent >= idleNanos) {
                idleCloses.increment();
                if (idleLog.admit()) {
                    idleLog.logger().info("{}: idle for {} ms, closing", session, TimeUnit.NANOSECONDS.toMillis(silent));
                }
                if (resumable != null && resumable.opened) {
                    // A silent connection of a resumable session is taken for dead (half-open): it
                    // is dropped and the session suspended, for its client to resume.
                    io.gameport.net.Connection c = session.connection();
                    if (c != null) {
                        c.close(CloseReason.IDLE_TIMEOUT);
                    }
                } else {
                    session.close(CloseReason.IDLE_TIMEOUT, ErrorCode.ERROR_CODE_IDLE_TIMEOUT, "no traffic within the idle timeout");
                }
            } else if (resumable != null) {
                if (resumable.opened && heartbeatNanos > 0 && silent >= heartbeatNanos && now - session.lastPingNanos >= heartbeatNanos) {
                    // Each resumable session's ping carries its own count: the heartbeat acknowledges too.
                    session.lastPingNanos = now;
                    session.sendEncoded(sessions.encoder().encode(Ping.newBuilder().setNonce(pingNonce.incrementAndGet())
                            .setSentAtMs(System.currentTimeMillis()).setReceived(resumption.receivedForHeartbeat(session)).build(),
                            MessageHeader.NO_REQUEST));
                    pingsSent.increment();
                }
            } else if (heartbeatNanos > 0 && silent >= heartbeatNanos && now - session.lastPingNanos >= heartbeatNanos) {
                if (ping == null) {
                    ping = sessions.encoder().encode(Ping.newBuilder().setNonce(pingNonce.incrementAndGet())
                            .setSentAtMs(System.currentTimeMillis()).build(), MessageHeader.NO_REQUEST);
                }
                session.lastPingNanos = now;
                session.sendEncoded(ping);
                pingsSent.increment();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
