package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.log.PeerLogs;
import io.gameport.net.CloseReason;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link IdleMonitor} on sessions over scripted connections: its own timer thread checks them,
 * so the tests wait for what it does (never for how long it took).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleMonitorTest {

    private static final String TIMER = "gameport-session-timer";

    private ScriptedSessions net;
    private IdleMonitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (net != null) {
            net.close();
        }
    }

    /** Idle after {@code idleMs}, pinged after {@code heartbeatMs} of silence (0: never), checked every {@code checkMs}. */
    private static SessionSettings liveness(long idleMs, long heartbeatMs, long checkMs) {
        return SessionSettings.defaults().withCheckPeriodMs(checkMs).withHeartbeatIntervalMs(heartbeatMs).withIdleTimeoutMs(idleMs);
    }

    private IdleMonitor start(SessionSettings settings) throws Exception {
        net = new ScriptedSessions(settings);
        monitor = new IdleMonitor(settings, net.sessions, PeerLogs.defaults());
        monitor.start();
        return monitor;
    }

    /** The live session-timer threads. */
    private static java.util.Set<Thread> timers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(TIMER) && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aSilentSessionIsPingedThenToldWhyAndClosedForIdleness() throws Exception {
        IdleMonitor monitor = start(liveness(400, 50, 10));
        Session silent = net.open();

        Envelope first = net.nextMessage(silent);
        assertInstanceOf(Ping.class, first.message(), "a silent session is pinged first");
        assertEquals(0, first.requestId());
        Envelope next = net.nextMessage(silent);
        while (next.message() instanceof Ping) {
            next = net.nextMessage(silent);
        }
        Disconnect disconnect = assertInstanceOf(Disconnect.class, next.message(), "then told why it is closed");
        assertEquals(ErrorCode.ERROR_CODE_IDLE_TIMEOUT, disconnect.getCode());
        assertEquals(CloseReason.IDLE_TIMEOUT, net.awaitClosed(silent));
        assertEquals(1, monitor.idleCloses());
        assertTrue(monitor.pingsSent() >= 1);
    }

    @Test
    void aSessionWhoseFramesKeepArrivingStaysOpenWhileASilentOneIsClosed() throws Exception {
        IdleMonitor monitor = start(liveness(1_000, 0, 10));
        Session silent = net.open();
        Session speaking = net.open();
        while (net.closeReason(silent) == null) {
            net.peerSends(speaking, Pong.getDefaultInstance(), 0);
            Thread.sleep(50);
        }
        assertEquals(CloseReason.IDLE_TIMEOUT, net.closeReason(silent));
        assertTrue(speaking.isOpen(), "frames arriving keep a session alive");
        assertNull(net.closeReason(speaking));
        assertTrue(speaking.inboundFrames() > 0);
        assertEquals(1, monitor.idleCloses());
        assertEquals(0, monitor.pingsSent(), "no heartbeat configured");
    }

    @Test
    void aSessionNotAuthenticatedWithinTheDeadlineIsClosedAndAnAuthenticatedOneIsNot() throws Exception {
        IdleMonitor monitor = start(SessionSettings.defaults().withIdleTimeoutMs(0).withHeartbeatIntervalMs(0)
                .withCheckPeriodMs(10).withAuthDeadlineMs(200));
        Session authenticated = net.open();
        authenticated.markAuthenticated();
        Session anonymous = net.open();

        Disconnect disconnect = assertInstanceOf(Disconnect.class, net.nextMessage(anonymous).message());
        assertEquals(ErrorCode.ERROR_CODE_AUTH_TIMEOUT, disconnect.getCode());
        assertEquals(CloseReason.AUTH_TIMEOUT, net.awaitClosed(anonymous));
        // A session opened now is closed only after a whole deadline more of checks, each of
        // which also saw the authenticated session (older than both).
        Session later = net.open();
        assertEquals(CloseReason.AUTH_TIMEOUT, net.awaitClosed(later));
        assertEquals(2, monitor.authTimeouts());
        assertEquals(0, monitor.idleCloses());
        assertEquals(SessionState.AUTHENTICATED, authenticated.state(), "the authenticated session was left alone");
        assertTrue(net.nothingMoreSent(authenticated));
    }

    @Test
    void withEverythingOffNoTimerRunsAndCloseEndsARunningOne() throws Exception {
        java.util.Set<Thread> before = timers();
        start(liveness(0, 0, 10));
        assertEquals(before, timers(), "heartbeat, idle timeout and authentication deadline off: no thread");
        monitor.close();

        IdleMonitor running = new IdleMonitor(liveness(60_000, 0, 10), net.sessions, PeerLogs.defaults());
        running.start();
        java.util.Set<Thread> started = timers();
        started.removeAll(before);
        assertEquals(1, started.size(), "one timer thread");
        running.close();
        Thread timer = started.iterator().next();
        timer.join(10_000);
        assertFalse(timer.isAlive(), "close ends the timer thread");
    }
}
