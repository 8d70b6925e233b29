package io.gameport.handler;

import com.google.protobuf.Message;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.MessageRegistry;
import io.gameport.session.Session;
import io.gameport.time.NanoClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Meters per message type, on when {@link HandlerSettings#messageTypeMeters()} says so: how many
 * frames of each handled type reached a shard, and how long its handler took. Each type's counter
 * and timer are registered when the server is built and kept in arrays indexed by message id, so
 * recording on a shard is an array read and the meter's own lock-free update: no allocation, no
 * look-up by name, no lock. Off ({@link #off()}), nothing is registered, and the dispatcher reads
 * no clock and no header for them. The tag {@code type} is the message's full Protobuf name: the
 * registered types are a fixed, small set, never anything a peer chooses.
 */
public final class MessageMeters implements AutoCloseable {

    public static final String RECEIVED = "gameport.dispatch.messages.received";
    public static final String HANDLER_DURATION = "gameport.dispatch.handler.duration";

    /**
     * The handler timer's bucket bounds: from a microsecond (a handler that decides at once or hands
     * the work on) to a second (one that blocks its shard: a bug), a 1-5-10 series so an operator
     * reads a latency class off a bucket.
     */
    static final Duration[] HANDLER_BUCKETS = {
        Duration.ofNanos(1_000), Duration.ofNanos(5_000), Duration.ofNanos(10_000), Duration.ofNanos(50_000),
        Duration.ofNanos(100_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private static final MessageMeters OFF = new MessageMeters(null, null, null, null, List.of());

    private final MeterRegistry registry;
    /** By message id; null when off, and null at an id without a handler. */
    private final Counter[] received;
    private final Timer[] handling;
    private final NanoClock clock;
    private final List<Meter> meters;
    private boolean closed;

    private MessageMeters(MeterRegistry registry, Counter[] received, Timer[] handling, NanoClock clock, List<Meter> meters) {
        this.registry = registry;
        this.received = received;
        this.handling = handling;
        this.clock = clock;
        this.meters = meters;
    }

    /** No meters: the dispatcher records nothing per type. */
    public static MessageMeters off() {
        return OFF;
    }

    /**
     * Registers a counter and a timer, tagged {@code tags} and the type, for every message type
     * {@code handlers} has a handler for; the timer reads {@code clock}.
     *
     * @throws IllegalStateException when a meter of the same name and tags is there already: two
     *                               servers of the same name in one registry would count into one series
     */
    public static MessageMeters register(MeterRegistry registry, Tags tags, HandlerRegistry handlers,
                                         MessageRegistry messages, NanoClock clock) {
        int length = handlers.maxId() + 1;
        Counter[] received = new Counter[length];
        Timer[] handling = new Timer[length];
        List<Meter> meters = new ArrayList<>();
        try {
            for (int id = 0; id < length; id++) {
                if (handlers.forId(id) == null) {
                    continue;
                }
                Tags typed = tags.and("type", messages.forId(id).fullName());
                refuseShared(registry, RECEIVED, typed);
                received[id] = Counter.builder(RECEIVED).tags(typed)
                        .description("Frames of the type that reached a shard, before limits and decoding")
                        .register(registry);
                meters.add(received[id]);
                refuseShared(registry, HANDLER_DURATION, typed);
                handling[id] = Timer.builder(HANDLER_DURATION).tags(typed)
                        .description("Time the shard spent in the type's handler call")
                        .serviceLevelObjectives(HANDLER_BUCKETS)
                        .register(registry);
                meters.add(handling[id]);
            }
        } catch (RuntimeException e) {
            meters.forEach(registry::remove);
            throw e;
        }
        return new MessageMeters(registry, received, handling, clock, meters);
    }

    private static void refuseShared(MeterRegistry registry, String name, Tags tags) {
        if (registry.find(name).tags(tags).meter() != null) {
            throw new IllegalStateException("meter " + name + tags + " is registered already: two servers with the same"
                    + " MetricsSettings.server share this registry; give each its own name");
        }
    }

    /** Whether meters are registered. */
    public boolean isOn() {
        return received != null;
    }

    /** On the shard, for every frame: counts it when its header names a handled type. Allocates nothing. */
    void received(ByteBuffer payload) {
        Counter[] counters = received;
        if (counters == null || payload.remaining() < MessageHeader.LENGTH) {
            return;
        }
        int id = MessageHeader.messageId(payload, payload.position());
        if (id < counters.length) {
            Counter counter = counters[id];
            if (counter != null) {
                counter.increment();
            }
        }
    }

    /** On the shard: calls the handler, timing the call (returned or thrown) when on. Allocates nothing of its own. */
    Object invoke(HandlerRegistry.Binding binding, int messageId, Session session, Message message, int requestId)
            throws Exception {
        Timer[] timers = handling;
        if (timers == null) {
            return binding.invoke(session, message, requestId);
        }
        long start = clock.nanoTime();
        try {
            return binding.invoke(session, message, requestId);
        } finally {
            timers[messageId].record(clock.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Removes the meters from the registry (when the server stops); recording afterwards goes nowhere. */
    @Override
    public synchronized void close() {
        if (closed || registry == null) {
            return;
        }
        closed = true;
        meters.forEach(registry::remove);
    }
}
