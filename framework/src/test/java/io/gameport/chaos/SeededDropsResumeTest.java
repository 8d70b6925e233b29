package io.gameport.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gameport.client.ClientResumeSettings;
import io.gameport.client.GameClient;
import io.gameport.client.GameClientSettings;
import io.gameport.client.SessionListener;
import io.gameport.handler.HandlerRegistry;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.MessageHandlers;
import io.gameport.net.CloseReason;
import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.protocol.testing.StudioGame.ChatBroadcast;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.MatchInfo;
import io.gameport.protocol.testing.StudioGame.TickState;
import io.gameport.server.GameServerSettings;
import io.gameport.session.ResumeSettings;
import io.gameport.session.Session;
import io.gameport.session.SessionSettings;
import io.gameport.testing.ServerFixture;
import io.gameport.transport.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resumable sessions under seeded random faults from a {@link FaultProxy}: one client session,
 * numbered chat lines and requests one way, numbered ticks and chat echoes the other, and
 * {@value #DROPS_PER_SEED} drops per seed, each a reset, a black hole or a cut inside the byte
 * stream (a quarter, a quarter, a half), at points the seed picks. After every run: each side received every numbered message
 * exactly once and in order, every request was handled once and its future completed with its own
 * answer, the session was never lost, and the server's handlers were told open, then suspend and
 * resume in turn, then close, once each time. Run per backend by the subclasses; the seeds are
 * fixed, so a failure names the seed that reproduces its schedule (the timing still varies).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
abstract class SeededDropsResumeTest {

    static final int DROPS_PER_SEED = 250;
    /** Bound on waiting for one thing (a resume, the last echo): far beyond a healthy wait. */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    abstract Backend backend();

    @Test
    void seed1DropsLoseNothingAndRepeatNothing() throws Exception {
        run(firstSeed());
    }

    @Test
    void seed2DropsLoseNothingAndRepeatNothing() throws Exception {
        run(firstSeed() + 1);
    }

    /** Each backend runs its own two seeds, so the suite covers four schedules. */
    abstract long firstSeed();

    private GameServerSettings serverSettings() {
        return GameServerSettings.defaults()
                .withTransport(TransportSettings.defaults().withBackend(backend()).withWorkers(2))
                .withSessions(SessionSettings.defaults().withResume(ResumeSettings.defaults().withEnabled(true)
                        .withGraceMs(30_000).withAckDelayMs(10)))
                // what a drop held back is sent again at once: no per-second limit in the way of counting
                .withHandlers(HandlerSettings.defaults().withMaxFramesPerSecond(0).withMaxBytesPerSecond(0));
    }

    /** Reconnects at once; a black hole is taken for dead after 300 ms of silence. */
    private static GameClientSettings clientSettings() {
        return GameClientSettings.defaults().withResume(ClientResumeSettings.defaults().withEnabled(true)
                .withFirstBackoffMs(5).withMaxBackoffMs(50).withAckDelayMs(10).withHeartbeatIntervalMs(100)
                .withDeadAfterMs(300));
    }

    /** What the server's handlers saw. */
    static final class ServerSide implements MessageHandlers {
        final List<Integer> chats = new CopyOnWriteArrayList<>();
        final Map<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicReference<Session> session = new AtomicReference<>();

        @Override
        public void register(HandlerRegistry.Builder on) {
            on.message(ChatLine.class, (s, chat) -> {
                chats.add(chat.getClientSequence());
                s.send(ChatBroadcast.newBuilder().setClientSequence(chat.getClientSequence()).build());
            });
            on.request(CreateMatchRequest.class, (s, create) -> {
                executions.computeIfAbsent(create.getCapacity(), k -> new AtomicInteger()).incrementAndGet();
                return CreateMatchResponse.newBuilder().setMatch(MatchInfo.newBuilder().setMatchId(create.getCapacity())).build();
            });
            on.onOpen(s -> {
                session.set(s);
                events.add("open");
            });
            on.onSuspend(s -> events.add("suspend"));
            on.onResume(s -> events.add("resume"));
            on.onClose((s, reason) -> events.add("close"));
        }
    }

    /** What the client saw. */
    static final class ClientSide implements SessionListener {
        final List<Integer> echoes = new CopyOnWriteArrayList<>();
        final List<Long> ticks = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger resumes = new AtomicInteger();

        @Override
        public void suspended(GameClient client, CloseReason why) {
            events.add("suspended");
        }

        @Override
        public void resumed(GameClient client) {
            events.add("resumed");
            resumes.incrementAndGet();
        }

        @Override
        public void lost(GameClient client, CloseReason why) {
            events.add("lost " + why);
        }

        boolean lost() {
            return events.stream().anyMatch(event -> event.startsWith("lost"));
        }
    }

    private void run(long seed) throws Exception {
        RandomGenerator random = new java.util.SplittableRandom(seed); // java.base: every JRE, the Windows one under Wine too
        ServerSide server = new ServerSide();
        ClientSide client = new ClientSide();
        String where = backend() + " seed " + seed;
        try (ServerFixture fixture = new ServerFixture(server, serverSettings());
             FaultProxy proxy = FaultProxy.start(fixture.server.localAddress());
             TransportClient transport = new TransportClient(TransportSettings.defaults().withBackend(backend()).withWorkers(1),
                     ProtocolSettings.DEFAULT_MAX_FRAME_BYTES)) {
            GameClient game = GameClient.builder().address(proxy.address()).codec(ServerFixture.CODEC).transport(transport)
                    .settings(clientSettings())
                    .on(ChatBroadcast.class, echo -> client.echoes.add(echo.getClientSequence()))
                    .on(TickState.class, tick -> client.ticks.add(tick.getTick()))
                    .onSession(client)
                    .connect().get(10, TimeUnit.SECONDS);
            Ticker ticker = null;
            List<CompletableFuture<CreateMatchResponse>> answers = new ArrayList<>();
            Map<FaultKind, Integer> injected = new java.util.EnumMap<>(FaultKind.class);
            int chats = 0;
            try {
                awaitOrFail(() -> server.session.get() != null, where + ": the session opened");
                ticker = new Ticker(server.session.get());
                ticker.start();
                // The resume token is the server's first frame, and connect() completes before it
                // arrives: a drop before it leaves no session to resume (specified: the session is
                // lost). A tick comes after the token on the same stream, so once one is here the
                // client holds the token.
                awaitOrFail(() -> !client.ticks.isEmpty(), where + ": the first tick arrived");
                for (int drop = 1; drop <= DROPS_PER_SEED; drop++) {
                    ProxiedConnection live = awaitLive(proxy, where + " drop " + drop);
                    int before = random.nextInt(1, 12);
                    for (int i = 0; i < before; i++) {
                        chats = sendSome(game, random, answers, chats);
                    }
                    Drop chosen = Drop.draw(random);
                    int resumesBefore = client.resumes.get();
                    while (!chosen.injectInto(proxy, live.id())) {
                        live = awaitLive(proxy, where + " drop " + drop);
                    }
                    injected.merge(chosen.kind(), 1, Integer::sum);
                    int into = random.nextInt(0, 4); // sent while the drop is under way, kept and sent again
                    for (int i = 0; i < into; i++) {
                        chats = sendSome(game, random, answers, chats);
                    }
                    String what = where + " drop " + drop;
                    awaitOrFail(() -> client.resumes.get() > resumesBefore || client.lost() || game.closeReason() != null,
                            what + ": the session resumed");
                    assertTrue(client.resumes.get() > resumesBefore, what + ": the session ended instead of resuming: client events "
                            + client.events + ", closed " + game.closeReason());
                }
                ticker.stop();
                int chatsSent = chats;
                long ticksSent = ticker.sent();
                awaitOrFail(() -> client.echoes.size() >= chatsSent && client.ticks.size() >= ticksSent,
                        where + ": every echo and tick arrived (" + client.echoes.size() + "/" + chatsSent + ", "
                                + client.ticks.size() + "/" + ticksSent + ")");
                for (int i = 0; i < answers.size(); i++) {
                    CreateMatchResponse answer = answers.get(i).get(30, TimeUnit.SECONDS);
                    assertEquals(i + 1, answer.getMatch().getMatchId(), where + ": the answer to request " + (i + 1));
                }
                assertEquals(numbers(chatsSent), server.chats, where + ": the server got every chat line once, in order");
                assertEquals(numbers(chatsSent), client.echoes, where + ": the client got every echo once, in order");
                List<Long> expectedTicks = new ArrayList<>();
                for (long t = 1; t <= ticksSent; t++) {
                    expectedTicks.add(t);
                }
                assertEquals(expectedTicks, client.ticks, where + ": the client got every tick once, in order");
                for (int r = 1; r <= answers.size(); r++) {
                    AtomicInteger count = server.executions.get(r);
                    assertEquals(1, count == null ? 0 : count.get(), where + ": request " + r + " handled once");
                }
            } finally {
                if (ticker != null) {
                    ticker.stop();
                }
                game.close();
            }
            awaitOrFail(() -> server.events.contains("close"), where + ": the session closed after the client left");
            FaultCounts faults = proxy.counts();
            assertEquals(DROPS_PER_SEED, injected.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(injected.getOrDefault(FaultKind.RESET, 0), (int) faults.resets(), where + ": " + faults);
            assertEquals(injected.getOrDefault(FaultKind.BLACK_HOLE, 0), (int) faults.blackHoles(), where + ": " + faults);
            // a cut counts when its prefix has gone through; the client may give up on the connection first
            assertTrue(faults.cuts() <= injected.getOrDefault(FaultKind.CUT, 0), where + ": " + faults);
            assertCallbackOrder(where, server.events, client.events);
        }
    }

    /** Some numbered chat lines, and now and then a request; returns the chat lines sent so far. */
    private static int sendSome(GameClient game, RandomGenerator random, List<CompletableFuture<CreateMatchResponse>> answers,
            int chats) {
        int lines = random.nextInt(1, 6);
        for (int i = 0; i < lines; i++) {
            game.send(ChatLine.newBuilder().setClientSequence(++chats).build());
        }
        if (random.nextInt(3) == 0) {
            int id = answers.size() + 1;
            answers.add(game.request(CreateMatchRequest.newBuilder().setCapacity(id).build(), CreateMatchResponse.class,
                    Duration.ofSeconds(120)).toCompletableFuture());
        }
        return chats;
    }

    /** One drop the seed chose: a reset, a black hole or a cut of 1..64 bytes in one direction. */
    private record Drop(FaultKind kind, Direction direction, int bytes) {

        /** Resets a quarter, black holes a quarter (each costs the client's dead-after wait), cuts half. */
        static Drop draw(RandomGenerator random) {
            int pick = random.nextInt(4);
            FaultKind kind = pick == 0 ? FaultKind.RESET : pick == 1 ? FaultKind.BLACK_HOLE : FaultKind.CUT;
            Direction direction = random.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            return new Drop(kind, direction, random.nextInt(1, 65));
        }

        /** False when the connection was already gone (the client dropped it itself on a slow machine). */
        boolean injectInto(FaultProxy proxy, long id) throws Exception {
            switch (kind) {
                case RESET:
                    return proxy.reset(id).get(10, TimeUnit.SECONDS);
                case BLACK_HOLE:
                    return proxy.blackHole(id).get(10, TimeUnit.SECONDS);
                default:
                    return proxy.cut(id, direction, bytes).get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The newest forwarding connection through the proxy: the client's current one. */
    private static ProxiedConnection awaitLive(FaultProxy proxy, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() - deadline < 0) {
            List<ProxiedConnection> live = proxy.connections();
            for (int i = live.size() - 1; i >= 0; i--) {
                if (live.get(i).state() == ProxiedConnection.State.FORWARDING) {
                    return live.get(i);
                }
            }
            Thread.sleep(1);
        }
        return fail(what + ": no live connection through the proxy");
    }

    /**
     * Server: open, then suspend and resume in turn (a takeover of a connection the server had not
     * seen drop is a resume without a suspend before it), then close, once. Client: suspended and
     * resumed in turn, never lost.
     */
    private static void assertCallbackOrder(String where, List<String> server, List<String> client) {
        assertEquals("open", server.get(0), where + ": " + server);
        assertEquals("close", server.get(server.size() - 1), where + ": " + server);
        assertEquals(1, server.stream().filter("close"::equals).count(), where + ": closed once");
        assertEquals(1, server.stream().filter("open"::equals).count(), where + ": opened once");
        for (int i = 1; i < server.size(); i++) {
            assertTrue(!(server.get(i).equals("suspend") && server.get(i - 1).equals("suspend")),
                    where + ": two suspends in a row at " + i + ": " + server);
        }
        for (int i = 0; i < client.size(); i++) {
            String expected = i % 2 == 0 ? "suspended" : "resumed";
            assertEquals(expected, client.get(i), where + ": client events in turn at " + i + ": " + client);
        }
    }

    private static void awaitOrFail(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not within " + TimeUnit.NANOSECONDS.toSeconds(WAIT_NANOS) + " s");
            }
            Thread.sleep(1);
        }
    }

    private static List<Integer> numbers(int count) {
        List<Integer> list = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            list.add(i);
        }
        return list;
    }

    /** The server pushing numbered ticks to the session from its own thread, a few a millisecond. */
    private static final class Ticker {
        private final Session session;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long sent;

        Ticker(Session session) {
            this.session = session;
            this.thread = new Thread(this::run, "test-ticker");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running) {
                session.send(TickState.newBuilder().setTick(sent + 1).build());
                sent++;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        long sent() {
            return sent;
        }
    }
}
