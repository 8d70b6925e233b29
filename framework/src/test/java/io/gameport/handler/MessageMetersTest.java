package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.gameport.dispatch.DispatchMetrics;
import io.gameport.log.PeerLogs;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.session.ScriptedSessions;
import io.gameport.session.Session;
import io.gameport.session.SessionSettings;
import io.gameport.time.NanoClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MessageMeters} as the {@link MessageDispatcher} records into them, on sessions over
 * scripted connections and a hand-driven clock: handlers advance the clock, so the time each
 * handler took is known exactly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageMetersTest {

    private static final Tags SERVER = Tags.of("server", "unit");
    private static final long PING_NANOS = 3_000;
    private static final long PONG_NANOS = 70_000;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong clockReads = new AtomicLong();
    private final NanoClock clock = () -> {
        clockReads.incrementAndGet();
        return now.get();
    };
    private ScriptedSessions net;
    private HandlerRegistry handlers;

    @AfterEach
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    /** Pings are answered after PING_NANOS (nonce 13 throws); Pongs are one-way and take PONG_NANOS. */
    private MessageHandlers timedPingPong() {
        return on -> on
                .request(Ping.class, (session, ping) -> {
                    now.addAndGet(PING_NANOS);
                    if (ping.getNonce() == 13) {
                        throw new IllegalStateException("unlucky");
                    }
                    return Pong.newBuilder().setNonce(ping.getNonce()).build();
                })
                .message(Pong.class, (session, pong) -> now.addAndGet(PONG_NANOS));
    }

    private MessageDispatcher dispatcher(HandlerSettings settings, MessageHandlers group, boolean metersOn) throws Exception {
        net = new ScriptedSessions(SessionSettings.defaults());
        handlers = HandlerRegistry.build(net.registry, List.of(group));
        MessageMeters meters = metersOn ? MessageMeters.register(registry, SERVER, handlers, net.registry, clock)
                : MessageMeters.off();
        return new MessageDispatcher(net.codec, handlers, settings, new DispatchMetrics(), new LimitMetrics(), clock,
                PeerLogs.defaults(), meters);
    }

    private ByteBuffer payload(Message message, int requestId) {
        return net.codec.encode(message, requestId);
    }

    private static Ping ping(long nonce) {
        return Ping.newBuilder().setNonce(nonce).build();
    }

    private Session open(MessageDispatcher dispatcher) throws Exception {
        Session session = net.open();
        dispatcher.onOpen(session);
        return session;
    }

    private Counter received(String type) {
        return registry.get(MessageMeters.RECEIVED).tags(SERVER).tag("type", type).counter();
    }

    private Timer handling(String type) {
        return registry.get(MessageMeters.HANDLER_DURATION).tags(SERVER).tag("type", type).timer();
    }

    /** Limits off: the dispatcher itself reads no clock, so every read is the meters'. */
    private static HandlerSettings unlimited() {
        return HandlerSettings.defaults().withMaxFramesPerSecond(0).withMaxBytesPerSecond(0).withMessageTypeMeters(true);
    }

    @Test
    void eachTypeCountsItsFramesAndItsTimerCountsAndTimesEveryHandlerCall() throws Exception {
        MessageDispatcher dispatcher = dispatcher(unlimited(), timedPingPong(), true);
        Session session = open(dispatcher);
        long readsAtOpen = clockReads.get();

        for (int i = 1; i <= 4; i++) {
            dispatcher.onFrame(session, payload(ping(i == 2 ? 13 : i), i));
        }
        dispatcher.onFrame(session, payload(Pong.getDefaultInstance(), 0));
        dispatcher.onFrame(session, payload(Pong.getDefaultInstance(), 0));

        assertEquals(4, received("gameport.Ping").count());
        assertEquals(2, received("gameport.Pong").count());
        Timer pings = handling("gameport.Ping");
        assertEquals(4, pings.count(), "every call is timed, the one that threw too");
        assertEquals(4 * PING_NANOS, (long) pings.totalTime(TimeUnit.NANOSECONDS));
        Timer pongs = handling("gameport.Pong");
        assertEquals(2, pongs.count());
        assertEquals(2 * PONG_NANOS, (long) pongs.totalTime(TimeUnit.NANOSECONDS));
        assertEquals(2 * 6, clockReads.get() - readsAtOpen, "two clock reads per handled message, none elsewhere");
        // 3 µs falls in the 5 µs bucket and above the 1 µs one; 70 µs in the 100 µs bucket.
        assertEquals(0, bucket(pings, 1_000));
        assertEquals(4, bucket(pings, 5_000));
        assertEquals(0, bucket(pongs, 50_000));
        assertEquals(2, bucket(pongs, 100_000));
    }

    @Test
    void framesStoppedByALimitOrFailingToDecodeAreReceivedButNotHandled() throws Exception {
        MessageDispatcher dispatcher = dispatcher(HandlerSettings.defaults().withMaxFramesPerSecond(2)
                .withCloseOnProtocolError(false).withMessageTypeMeters(true), timedPingPong(), true);
        Session session = open(dispatcher);

        ByteBuffer garbled = payload(ping(1), 1);
        garbled.put(garbled.limit() - 1, (byte) 0xFF);   // the body's last byte: a varint that never ends
        dispatcher.onFrame(session, garbled);
        dispatcher.onFrame(session, payload(ping(2), 2));
        dispatcher.onFrame(session, payload(ping(3), 3));   // over the two frames a second: not decoded

        assertEquals(3, received("gameport.Ping").count());
        assertEquals(1, handling("gameport.Ping").count());
        assertEquals(0, received("gameport.Pong").count(), "a type with a handler has its meters before any frame");
    }

    @Test
    void offRegistersNothingAndReadsNoClock() throws Exception {
        MessageDispatcher dispatcher = dispatcher(unlimited().withMessageTypeMeters(false), timedPingPong(), false);
        Session session = open(dispatcher);
        long readsAtOpen = clockReads.get();

        dispatcher.onFrame(session, payload(ping(1), 1));
        dispatcher.onFrame(session, payload(Pong.getDefaultInstance(), 0));

        assertEquals(readsAtOpen, clockReads.get());
        assertFalse(dispatcher.messageMeters().isOn());
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void aSecondServerOfTheSameNameInTheRegistryIsRefusedAndClosingRemovesTheMeters() throws Exception {
        MessageDispatcher dispatcher = dispatcher(unlimited(), timedPingPong(), true);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> MessageMeters.register(registry, SERVER, handlers, net.registry, clock));
        assertTrue(refused.getMessage().contains("MetricsSettings.server"), refused.getMessage());
        assertEquals(2, registry.find(MessageMeters.RECEIVED).counters().size(), "one for each type, none added by the refusal");
        assertEquals(2, registry.find(MessageMeters.HANDLER_DURATION).timers().size());

        dispatcher.messageMeters().close();
        assertNull(registry.find(MessageMeters.RECEIVED).meter());
        assertNull(registry.find(MessageMeters.HANDLER_DURATION).meter());
    }

    private static double bucket(Timer timer, long upperNanos) {
        for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
            if ((long) bucket.bucket(TimeUnit.NANOSECONDS) == upperNanos) {
                return bucket.count();
            }
        }
        throw new AssertionError("no bucket at " + upperNanos + " ns");
    }
}
