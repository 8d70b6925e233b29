package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.ClientResumeSettings;
import io.gameport.client.GameClient;
import io.gameport.client.GameClientSettings;
import io.gameport.client.SessionListener;
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
import io.gameport.testing.CuttableProxy;
import io.gameport.testing.FrameClient;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.messages.Ack;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.messages.Resume;
import io.gameport.protocol.messages.Resumed;
import io.gameport.protocol.messages.SessionResumable;
import io.gameport.protocol.testing.StudioGame.MoveInput;
import io.gameport.net.SendQuotaSettings;
import io.gameport.net.SendResult;
import com.google.protobuf.ByteString;
import io.gameport.testing.ServerFixture;
import io.gameport.transport.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resumable sessions end to end over real sockets, on the backend a subclass names: drops in the
 * middle of traffic both ways lose nothing and repeat nothing, in order; requests are handled once
 * and their futures complete once. Drops are resets of both sides by a {@link CuttableProxy}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ResumableSessionTest {

    abstract Backend backend();

    GameServerSettings settings(ResumeSettings resume) {
        return GameServerSettings.defaults()
                .withTransport(TransportSettings.defaults().withBackend(backend()).withWorkers(2))
                .withSessions(SessionSettings.defaults().withResume(resume))
                // A resume sends again at once what the drop held back: no per-second limit in the way of counting.
                .withHandlers(io.gameport.handler.HandlerSettings.defaults().withMaxFramesPerSecond(0).withMaxBytesPerSecond(0));
    }

    static ResumeSettings resumeOn() {
        return ResumeSettings.defaults().withEnabled(true).withGraceMs(10_000).withAckDelayMs(20);
    }

    static GameClientSettings clientResumeOn() {
        return GameClientSettings.defaults().withResume(ClientResumeSettings.defaults().withEnabled(true)
                .withFirstBackoffMs(10).withMaxBackoffMs(100).withAckDelayMs(20));
    }

    /** What the server's handlers saw, in order. */
    static final class Recorder implements MessageHandlers {
        final List<Integer> chats = new CopyOnWriteArrayList<>();
        final Map<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicReference<Session> session = new AtomicReference<>();
        final List<Integer> moves = new CopyOnWriteArrayList<>();

        @Override
        public void register(io.gameport.handler.HandlerRegistry.Builder on) {
            on.message(ChatLine.class, (s, chat) -> {
                chats.add(chat.getClientSequence());
                s.send(ChatBroadcast.newBuilder().setClientSequence(chat.getClientSequence()).build());
            });
            on.request(CreateMatchRequest.class, (s, create) -> {
                executions.computeIfAbsent(create.getCapacity(), k -> new AtomicInteger()).incrementAndGet();
                return CreateMatchResponse.newBuilder().setMatch(MatchInfo.newBuilder().setMatchId(create.getCapacity())).build();
            });
            on.message(MoveInput.class, (s, move) -> moves.add(move.getInputSequence()));
            on.onOpen(s -> {
                session.set(s);
                events.add("open");
            });
            on.onSuspend(s -> events.add("suspend"));
            on.onResume(s -> events.add("resume"));
            on.onClose((s, reason) -> events.add("close " + reason));
        }
    }

    @Test
    void dropsInTrafficBothWaysLoseNothingAndRepeatNothingInOrder() throws Exception {
        Recorder recorder = new Recorder();
        int chats = 2_000;
        int requests = 400;
        int ticks = 3_000;
        int cuts = 6;
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()));
             CuttableProxy proxy = new CuttableProxy(fixture.server.localAddress());
             TransportClient transport = oneWorkerTransport()) {
            List<Integer> broadcasts = new CopyOnWriteArrayList<>();
            List<Long> ticked = new CopyOnWriteArrayList<>();
            AtomicInteger suspended = new AtomicInteger();
            AtomicInteger resumed = new AtomicInteger();
            AtomicInteger lost = new AtomicInteger();
            GameClient client = GameClient.builder().address(proxy.address()).codec(ServerFixture.CODEC).transport(transport)
                    .settings(clientResumeOn())
                    .on(ChatBroadcast.class, b -> broadcasts.add(b.getClientSequence()))
                    .on(TickState.class, t -> ticked.add(t.getTick()))
                    .onSession(new SessionListener() {
                        @Override
                        public void suspended(GameClient c, CloseReason why) {
                            suspended.incrementAndGet();
                        }

                        @Override
                        public void resumed(GameClient c) {
                            resumed.incrementAndGet();
                        }

                        @Override
                        public void lost(GameClient c, CloseReason why) {
                            lost.incrementAndGet();
                        }
                    })
                    .connect().get(10, TimeUnit.SECONDS);
            try {
                ServerFixture.await(() -> recorder.session.get() != null);
                Session session = recorder.session.get();
                Thread ticker = new Thread(() -> {
                    for (int tick = 1; tick <= ticks; tick++) {
                        session.send(TickState.newBuilder().setTick(tick).build());
                        if (tick % 100 == 0) {
                            sleep(2);
                        }
                    }
                }, "test-ticker");
                ticker.start();
                List<CompletableFuture<CreateMatchResponse>> answers = new ArrayList<>();
                int sent = 0;
                int cutsDone = 0;
                for (int i = 1; i <= chats; i++) {
                    client.send(ChatLine.newBuilder().setClientSequence(i).build());
                    if (i % (chats / requests) == 0) {
                        sent++;
                        answers.add(client.request(CreateMatchRequest.newBuilder().setCapacity(sent).build(),
                                CreateMatchResponse.class, java.time.Duration.ofSeconds(60)));
                    }
                    if (i % (chats / (cuts + 1)) == 0 && cutsDone < cuts) {
                        proxy.cutAll();
                        cutsDone++;
                    }
                    if (i % (chats / (cuts + 1)) == 100 && cutsDone > 0) {
                        // 100 more were sent into the drop; the next cut waits for the resume, to cut a live connection.
                        int expected = cutsDone;
                        ServerFixture.await(() -> resumed.get() >= expected);
                    }
                    if (i % 50 == 0) {
                        sleep(1);
                    }
                }
                ticker.join(30_000);
                for (int i = 0; i < answers.size(); i++) {
                    assertEquals(i + 1, answers.get(i).get(30, TimeUnit.SECONDS).getMatch().getMatchId(), "the answer to request " + (i + 1));
                }
                ServerFixture.await(() -> broadcasts.size() >= chats && ticked.size() >= ticks);
                assertEquals(sequence(chats), recorder.chats, "the server got every chat line once, in order");
                for (int r = 1; r <= requests; r++) {
                    assertEquals(1, recorder.executions.get(r).get(), "request " + r + " handled once");
                }
                assertEquals(sequence(chats), broadcasts, "the client got every push answer once, in order");
                List<Long> expectedTicks = new ArrayList<>();
                for (long t = 1; t <= ticks; t++) {
                    expectedTicks.add(t);
                }
                assertEquals(expectedTicks, ticked, "the client got every tick once, in order");
                assertEquals(0, lost.get(), "the session was never lost");
                assertTrue(resumed.get() >= 1, "the session resumed after the cuts: " + resumed.get());
                assertEquals(cuts, resumed.get(), "each cut suspended the session and it resumed");
                assertEquals(cuts, suspended.get());
                assertTrue(fixture.server.sessions().resumption().resumes() >= cuts,
                        "the server counted the resumes (and those whose Resumed a cut lost)");
            } finally {
                client.close();
            }
        }
    }

    // ---- one session driven by hand: a raw client that reads and writes frames ----

    /** A raw client that opened a resumable session: its token, and the game frames it received. */
    static final class Raw implements AutoCloseable {
        final FrameClient frames;
        byte[] token;
        long received;

        Raw(FrameClient frames) {
            this.frames = frames;
        }

        /** Reads past control frames (keeping the newest token) to the next game frame. */
        Envelope nextGameFrame() throws Exception {
            while (true) {
                Envelope e = frames.read();
                if (e.message() instanceof SessionResumable r) {
                    token = r.getResumeToken().toByteArray();
                } else if (e.message() instanceof Resumed r) {
                    token = r.getResumeToken().toByteArray();
                } else if (!(e.message() instanceof Ack)) {
                    received++;
                    return e;
                }
            }
        }

        @Override
        public void close() throws Exception {
            frames.close();
        }
    }

    /** Opens a session: a Ping, then SessionResumable and the Pong come back. */
    static Raw open(ServerFixture fixture, int port) throws Exception {
        Raw raw = new Raw(new FrameClient(port, ServerFixture.CODEC));
        raw.frames.write(Ping.getDefaultInstance(), 0);
        raw.frames.flush();
        Envelope first = raw.frames.read();
        assertTrue(first.message() instanceof SessionResumable, "the first frame is SessionResumable: " + first);
        raw.token = ((SessionResumable) first.message()).getResumeToken().toByteArray();
        assertTrue(raw.nextGameFrame().message() instanceof Pong);
        return raw;
    }

    /** Presents {@code token} from a new connection; returns the raw client and the server's first answer. */
    static Raw resume(int port, byte[] token, long received) throws Exception {
        Raw raw = new Raw(new FrameClient(port, ServerFixture.CODEC));
        raw.frames.write(Resume.newBuilder().setResumeToken(ByteString.copyFrom(token)).setReceived(received).build(), 0);
        raw.frames.flush();
        raw.received = received;
        return raw;
    }

    static ErrorCode refusal(Raw raw) throws Exception {
        Envelope answer = raw.frames.read();
        assertTrue(answer.message() instanceof Disconnect, "a refusal is a Disconnect: " + answer);
        assertTrue(raw.frames.awaitClosedByServer(), "the refused connection is closed");
        return ((Disconnect) answer.message()).getCode();
    }

    @Test
    void aSessionNotResumedWithinItsGraceIsClosedAndItsResumeRefused() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn().withGraceMs(200)))) {
            Raw raw = open(fixture, fixture.port());
            raw.close();
            Resumption resumption = fixture.server.sessions().resumption();
            ServerFixture.await(() -> recorder.events.size() >= 3);
            assertEquals(List.of("open", "suspend", "close " + CloseReason.RESUME_GRACE_EXPIRED), recorder.events);
            assertEquals(1, resumption.graceExpiries());
            assertEquals(1, fixture.server.sessions().closedCount(CloseReason.RESUME_GRACE_EXPIRED));
            try (Raw late = resume(fixture.port(), raw.token, raw.received)) {
                assertEquals(ErrorCode.ERROR_CODE_SESSION_EXPIRED, refusal(late));
            }
            assertEquals(1, resumption.refusals(Refusal.GRACE_EXPIRED));
            ServerFixture.await(() -> fixture.server.sessions().size() == 0);
            assertEquals(0, fixture.server.sessions().size(), "nothing kept");
        }
    }

    @Test
    void aSuspendedSessionWhoseBacklogPassesItsQuotaIsClosedAndItsResumeRefused() throws Exception {
        Recorder recorder = new Recorder();
        GameServerSettings settings = settings(resumeOn());
        settings = settings.withTransport(settings.transport().withSendQuota(
                SendQuotaSettings.defaults().withMaxPendingMessagesPerConnection(50)));
        try (ServerFixture fixture = new ServerFixture(recorder, settings)) {
            Raw raw = open(fixture, fixture.port());
            ServerFixture.await(() -> recorder.session.get() != null);
            Session session = recorder.session.get();
            raw.close();
            ServerFixture.await(session::isSuspended);
            assertTrue(session.isSuspended());
            List<SendResult> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                results.add(session.send(TickState.newBuilder().setTick(i).build()));
            }
            // The Pong the client never acknowledged is kept too: 49 ticks fit under 50 frames.
            assertEquals(49, results.stream().filter(r -> r == SendResult.QUEUED).count(), results.toString());
            assertEquals(SendResult.DISCONNECTED, results.get(49));
            assertEquals(SendResult.CLOSED, results.get(59), "a session closed for good takes nothing more");
            ServerFixture.await(() -> recorder.events.size() >= 3);
            assertEquals(List.of("open", "suspend", "close " + CloseReason.RESUME_BACKLOG_EXCEEDED), recorder.events);
            Resumption resumption = fixture.server.sessions().resumption();
            assertEquals(1, resumption.backlogCloses());
            assertEquals(0, resumption.keptBytes(), "the closed session's frames are let go");
            try (Raw late = resume(fixture.port(), raw.token, raw.received)) {
                assertEquals(ErrorCode.ERROR_CODE_BACKLOG_EXCEEDED, refusal(late));
            }
            assertEquals(1, resumption.refusals(Refusal.BACKLOG_EXCEEDED));
        }
    }

    @Test
    void forgedExpiredRotatedAndForeignTokensAreRefusedAndCounted() throws Exception {
        Recorder recorder = new Recorder();
        ResumeSettings resume = resumeOn().withSecret("a-secret-shared-by-both-servers");
        io.micrometer.core.instrument.MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resume),
                new io.gameport.metrics.MetricsModule(registry, new io.gameport.metrics.MetricsSettings("test")));
             ServerFixture other = new ServerFixture(new Recorder(), settings(resume.withServerId("another-server")))) {
            Resumption resumption = fixture.server.sessions().resumption();
            Raw first = open(fixture, fixture.port());
            byte[] original = first.token.clone();
            first.close();
            ServerFixture.await(() -> recorder.events.contains("suspend"));
            long suspendedNoLaterThan = System.nanoTime();

            byte[] forged = original.clone();
            forged[forged.length - 1] ^= 1;
            try (Raw attacker = resume(fixture.port(), forged, first.received)) {
                assertEquals(ErrorCode.ERROR_CODE_RESUME_REFUSED, refusal(attacker));
            }
            assertEquals(1, resumption.refusals(Refusal.FORGED));

            Raw foreign = open(other, other.port());
            try (Raw attacker = resume(fixture.port(), foreign.token, 0)) {
                assertEquals(ErrorCode.ERROR_CODE_RESUME_REFUSED, refusal(attacker));
            }
            foreign.close();
            assertEquals(1, resumption.refusals(Refusal.WRONG_SERVER));

            // The owner resumes with the real token, gets a new one, and speaks (so the server knows it has it).
            long resumedNoEarlierThan = System.nanoTime();
            Raw back = resume(fixture.port(), original, first.received);
            Envelope resumed = back.frames.read();
            assertTrue(resumed.message() instanceof Resumed, "the owner resumes: " + resumed);
            byte[] rotated = ((Resumed) resumed.message()).getResumeToken().toByteArray();
            assertTrue(!java.util.Arrays.equals(original, rotated), "the token is rotated");
            back.frames.write(Ping.getDefaultInstance(), 0);
            back.frames.flush();
            assertTrue(back.nextGameFrame().message() instanceof Pong);
            try (Raw replay = resume(fixture.port(), original, first.received)) {
                assertEquals(ErrorCode.ERROR_CODE_RESUME_REFUSED, refusal(replay));
            }
            assertEquals(1, resumption.refusals(Refusal.ROTATED));
            for (String kind : List.of("forged", "wrong_server", "rotated")) {
                assertEquals(1.0, registry.get("gameport.sessions.resume.refusals").tag("kind", kind).functionCounter().count(),
                        "the refusals meter, " + kind);
            }
            assertEquals(1.0, registry.get("gameport.sessions.resumes").functionCounter().count());
            io.micrometer.core.instrument.Timer suspensions = registry.get("gameport.sessions.suspension.duration").timer();
            assertEquals(1, suspensions.count(), "the one suspension a resume ended; refused attempts end none");
            assertTrue(suspensions.totalTime(TimeUnit.NANOSECONDS) >= resumedNoEarlierThan - suspendedNoLaterThan,
                    "it lasted at least from when the suspension was seen to when the resume was sent");
            back.close();
            assertEquals(List.of("open", "suspend", "resume"), List.copyOf(recorder.events).subList(0, 3));
        }
    }

    @Test
    void aResumeWhoseAnswerWasLostCanBeRepeatedWithTheSameToken() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()))) {
            Raw first = open(fixture, fixture.port());
            first.close();
            ServerFixture.await(() -> recorder.events.contains("suspend"));
            // The server resumes and rotates the token, but the client never reads the Resumed: a second drop took it.
            Raw lostAnswer = resume(fixture.port(), first.token, first.received);
            ServerFixture.await(() -> fixture.server.sessions().resumption().resumes() == 1);
            lostAnswer.close();
            ServerFixture.await(() -> recorder.events.size() >= 4);
            try (Raw again = resume(fixture.port(), first.token, first.received)) {
                Envelope answer = again.frames.read();
                assertTrue(answer.message() instanceof Resumed, "the token the client still has is accepted: " + answer);
            }
            assertEquals(0, fixture.server.sessions().resumption().refusals(Refusal.ROTATED));
        }
    }

    @Test
    void aResumeWhoseAnswersWereLostTwiceCanStillBeRepeatedWithTheSameToken() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()))) {
            Resumption resumption = fixture.server.sessions().resumption();
            Raw first = open(fixture, fixture.port());
            first.close();
            ServerFixture.await(() -> recorder.events.contains("suspend"));
            // Each retry is resumed and rotated by the server, and each answer is lost in the next drop.
            for (int lost = 1; lost <= 2; lost++) {
                int resumes = lost;
                Raw lostAnswer = resume(fixture.port(), first.token, first.received);
                ServerFixture.await(() -> resumption.resumes() == resumes);
                lostAnswer.close();
                ServerFixture.await(() -> resumption.suspensions() == resumes + 1);
            }
            try (Raw again = resume(fixture.port(), first.token, first.received)) {
                Envelope answer = again.frames.read();
                assertTrue(answer.message() instanceof Resumed, "the token the client still has is accepted: " + answer);
                // Having spoken after this Resumed, the client holds its token: the old one is refused from now on.
                byte[] newest = ((Resumed) answer.message()).getResumeToken().toByteArray();
                again.frames.write(Ping.getDefaultInstance(), 0);
                again.frames.flush();
                assertTrue(again.nextGameFrame().message() instanceof Pong);
                try (Raw replay = resume(fixture.port(), first.token, first.received)) {
                    assertEquals(ErrorCode.ERROR_CODE_RESUME_REFUSED, refusal(replay));
                }
                assertEquals(1, resumption.refusals(Refusal.ROTATED));
                assertFalse(java.util.Arrays.equals(first.token, newest), "the resume rotated the token");
            }
        }
    }

    @Test
    void aClientFindsAHalfOpenConnectionBySilenceAndResumesOnANewOne() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()));
             io.gameport.chaos.FaultProxy proxy = io.gameport.chaos.FaultProxy.start(fixture.server.localAddress());
             TransportClient transport = oneWorkerTransport()) {
            AtomicReference<CloseReason> suspendedFor = new AtomicReference<>();
            AtomicInteger resumed = new AtomicInteger();
            GameClient client = quickToNoticeSilence(proxy, transport)
                    .onSession(new SessionListener() {
                        @Override
                        public void suspended(GameClient c, CloseReason why) {
                            suspendedFor.set(why);
                        }

                        @Override
                        public void resumed(GameClient c) {
                            resumed.incrementAndGet();
                        }
                    })
                    .connect().get(10, TimeUnit.SECONDS);
            try {
                holdsItsResumeToken(client);
                // No FIN, no RST: the connection just stops carrying anything, both ways.
                proxy.blackHoleAll().get(10, TimeUnit.SECONDS);
                ServerFixture.await(() -> resumed.get() == 1);
                assertEquals(CloseReason.IDLE_TIMEOUT, suspendedFor.get(), "the silence was noticed by the client's heartbeat");
                assertEquals(1, resumed.get(), "and the session resumed on a new connection");
                assertEquals(9, client.request(CreateMatchRequest.newBuilder().setCapacity(9).build(), CreateMatchResponse.class)
                        .get(10, TimeUnit.SECONDS).getMatch().getMatchId());
                assertTrue(fixture.server.sessions().resumption().takeovers() + fixture.server.sessions().resumption().suspensions() >= 1,
                        "the server let the half-open connection go when the client came back");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aReconnectWhoseResumeGoesUnansweredIsDroppedAndAnotherResumesTheSession() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()));
             io.gameport.chaos.FaultProxy proxy = io.gameport.chaos.FaultProxy.start(fixture.server.localAddress());
             TransportClient transport = oneWorkerTransport()) {
            AtomicInteger resumed = new AtomicInteger();
            AtomicReference<CloseReason> lostFor = new AtomicReference<>();
            GameClient client = quickToNoticeSilence(proxy, transport)
                    .onSession(new SessionListener() {
                        @Override
                        public void resumed(GameClient c) {
                            resumed.incrementAndGet();
                        }

                        @Override
                        public void lost(GameClient c, CloseReason why) {
                            lostFor.set(why);
                        }
                    })
                    .connect().get(10, TimeUnit.SECONDS);
            try {
                holdsItsResumeToken(client);
                // The path dies, and the first reconnect finds it still dead: its Resume is never answered.
                proxy.blackHoleNext().get(10, TimeUnit.SECONDS);
                proxy.blackHoleAll().get(10, TimeUnit.SECONDS);
                ServerFixture.await(() -> resumed.get() == 1 || lostFor.get() != null);
                assertEquals(null, lostFor.get(), "the session is not lost");
                assertEquals(1, resumed.get(), "a third connection resumed it");
                assertEquals(2, proxy.counts().blackHoles(), "both the first connection and the first reconnect were black-holed");
                assertEquals(9, client.request(CreateMatchRequest.newBuilder().setCapacity(9).build(), CreateMatchResponse.class)
                        .get(10, TimeUnit.SECONDS).getMatch().getMatchId());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aRequestWhoseTimeoutPassesWhileItsSessionIsSuspendedIsAnsweredAfterTheResume() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()));
             io.gameport.chaos.FaultProxy proxy = io.gameport.chaos.FaultProxy.start(fixture.server.localAddress());
             TransportClient transport = oneWorkerTransport()) {
            AtomicInteger resumed = new AtomicInteger();
            GameClient client = quickToNoticeSilence(proxy, transport)
                    .onSession(new SessionListener() {
                        @Override
                        public void resumed(GameClient c) {
                            resumed.incrementAndGet();
                        }
                    })
                    .connect().get(10, TimeUnit.SECONDS);
            try {
                holdsItsResumeToken(client);
                // The path dies and the next two reconnects find it dead too: suspended for 800 ms or more.
                proxy.blackHoleNext().get(10, TimeUnit.SECONDS);
                proxy.blackHoleNext().get(10, TimeUnit.SECONDS);
                proxy.blackHoleAll().get(10, TimeUnit.SECONDS);
                ServerFixture.await(client::isSuspended);
                CompletableFuture<CreateMatchResponse> answer = client.request(CreateMatchRequest.newBuilder().setCapacity(7).build(),
                        CreateMatchResponse.class, java.time.Duration.ofMillis(100));
                assertEquals(7, answer.get(10, TimeUnit.SECONDS).getMatch().getMatchId(),
                        "its 100 ms passed while the session was away; the resume brought the answer");
                assertEquals(1, resumed.get());
                assertEquals(3, proxy.counts().blackHoles());
                assertEquals(0, client.lateResponses());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        try (ServerFixture fixture = new ServerFixture(new Recorder(), settings(resumeOn().withGraceMs(100).withTokenLifetimeMs(150)))) {
            Raw raw = open(fixture, fixture.port());
            byte[] token = raw.token.clone();
            Thread.sleep(300);
            try (Raw late = resume(fixture.port(), token, raw.received)) {
                assertEquals(ErrorCode.ERROR_CODE_SESSION_EXPIRED, refusal(late));
            }
            assertEquals(1, fixture.server.sessions().resumption().refusals(Refusal.EXPIRED));
            raw.close();
        }
    }

    @Test
    void aValidTokenFromASecondConnectionTakesTheSessionOverAndClosesTheFirst() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()))) {
            Raw first = open(fixture, fixture.port());
            ServerFixture.await(() -> recorder.session.get() != null);
            recorder.session.get().send(TickState.newBuilder().setTick(1).build());
            assertEquals(1, ((TickState) first.nextGameFrame().message()).getTick());
            // The first connection is still attached: the second takes over from the Pong on (2 game frames received).
            try (Raw second = resume(fixture.port(), first.token, 1)) {
                Envelope resumed = second.frames.read();
                assertTrue(resumed.message() instanceof Resumed, "the takeover resumes: " + resumed);
                assertEquals(1, ((Resumed) resumed.message()).getReceived(), "the server had received the client's Ping");
                assertEquals(1, ((TickState) second.nextGameFrame().message()).getTick(), "the tick the second had not seen comes again");
                assertTrue(first.frames.awaitClosedByServer(), "the first connection is closed");
                assertEquals(1, fixture.server.sessions().resumption().takeovers());
                ServerFixture.await(() -> recorder.events.size() >= 3);
                assertEquals(List.of("open", "suspend", "resume"), recorder.events);
            }
            first.close();
        }
    }

    @Test
    void acknowledgementsKeepWhatEachSideKeepsSmallOnAOneWaySession() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()))) {
            List<Long> ticked = new CopyOnWriteArrayList<>();
            GameClient client = fixture.client(b -> b.settings(clientResumeOn()).on(TickState.class, t -> ticked.add(t.getTick())));
            ServerFixture.await(() -> recorder.session.get() != null);
            Session session = recorder.session.get();
            for (int tick = 1; tick <= 5_000; tick++) {
                session.send(TickState.newBuilder().setTick(tick).build());
            }
            ServerFixture.await(() -> ticked.size() == 5_000 && session.pendingFrames() == 0);
            assertEquals(5_000, ticked.size());
            assertEquals(0, session.pendingFrames(), "the server keeps nothing the client received");
            for (int i = 1; i <= 3_000; i++) {
                client.send(MoveInput.newBuilder().setInputSequence(i).build());
            }
            ServerFixture.await(() -> recorder.moves.size() == 3_000 && client.unacknowledgedMessages() == 0);
            assertEquals(3_000, recorder.moves.size());
            assertEquals(0, client.unacknowledgedMessages(), "the client keeps nothing the server received");
            assertTrue(fixture.server.sessions().resumption().acksSent() > 0);
        }
    }

    @Test
    void aClientThatClosesEndsItsSessionAtOnceInsteadOfLeavingItSuspended() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn().withGraceMs(60_000)))) {
            GameClient client = fixture.client(b -> b.settings(clientResumeOn()));
            ServerFixture.await(() -> recorder.session.get() != null);
            client.close();
            ServerFixture.await(() -> recorder.events.size() >= 2);
            assertEquals(List.of("open", "close " + CloseReason.PEER_LEFT), recorder.events, "no suspension: the client left");
            assertEquals(0, fixture.server.sessions().resumption().suspensions());
        }
    }

    @Test
    void aConnectionDroppedBeforeItsResumeTokenArrivedClosesTheClientWithoutASuspension() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn().withGraceMs(300)));
             io.gameport.chaos.FaultProxy proxy = io.gameport.chaos.FaultProxy.start(fixture.server.localAddress());
             TransportClient transport = oneWorkerTransport()) {
            // The token is the server's first frame: one byte of it goes through, then both ends are reset.
            assertTrue(proxy.cutNext(io.gameport.chaos.Direction.SERVER_TO_CLIENT, 1).get(10, TimeUnit.SECONDS));
            AtomicInteger suspended = new AtomicInteger();
            CompletableFuture<CloseReason> closed = new CompletableFuture<>();
            GameClient client = GameClient.builder().address(proxy.address()).codec(ServerFixture.CODEC).transport(transport)
                    .settings(clientResumeOn())
                    .onSession(new SessionListener() {
                        @Override
                        public void suspended(GameClient c, CloseReason why) {
                            suspended.incrementAndGet();
                        }
                    })
                    .onClose((c, why) -> closed.complete(why))
                    .connect().get(10, TimeUnit.SECONDS);
            CloseReason why = closed.get(10, TimeUnit.SECONDS);
            assertEquals(why, client.closeReason(), "closed for good");
            assertEquals(0, suspended.get(), "no token, nothing to resume: never suspended");
            assertFalse(client.isSuspended());
            assertEquals(0, client.resumes());
            assertEquals(1, proxy.counts().cuts(), "the cut is what ended it");
            // The server had opened the session and sent the token: it waits out the grace, suspended, then closes.
            ServerFixture.await(() -> recorder.events.size() >= 3);
            assertEquals(List.of("open", "suspend"), recorder.events.subList(0, 2), recorder.events.toString());
            assertTrue(recorder.events.get(2).startsWith("close"), recorder.events.toString());
        }
    }

    @Test
    void aCloseWithAReasonReachesAResumableClientWhichThenLosesItsSession() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()))) {
            AtomicReference<CloseReason> lost = new AtomicReference<>();
            GameClient client = fixture.client(b -> b.settings(clientResumeOn()).onSession(new SessionListener() {
                @Override
                public void lost(GameClient c, CloseReason why) {
                    lost.set(why);
                }
            }));
            ServerFixture.await(() -> recorder.session.get() != null);
            recorder.session.get().close(CloseReason.LOCAL_CLOSE, ErrorCode.ERROR_CODE_SESSION_REPLACED, "entered elsewhere");
            ServerFixture.await(() -> lost.get() != null);
            assertTrue(lost.get() != null, "the client knows the session is gone");
            assertEquals(ErrorCode.ERROR_CODE_SESSION_REPLACED, client.disconnect().getCode(), "the Disconnect reached it");
            assertEquals(0, client.resumes(), "no resume of a session closed on purpose");
            ServerFixture.await(() -> recorder.events.size() >= 2);
            assertEquals(List.of("open", "close " + CloseReason.LOCAL_CLOSE), recorder.events);
        }
    }

    @Test
    void aStoppingServerTellsItsResumableClientsAndClosesItsSuspendedSessions() throws Exception {
        Recorder recorder = new Recorder();
        Recorder suspendedOne = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(resumeOn()))) {
            AtomicReference<CloseReason> lost = new AtomicReference<>();
            GameClient client = fixture.client(b -> b.settings(clientResumeOn()).onSession(new SessionListener() {
                @Override
                public void lost(GameClient c, CloseReason why) {
                    lost.set(why);
                }
            }));
            ServerFixture.await(() -> recorder.session.get() != null);
            Raw away = open(fixture, fixture.port());
            away.close();
            ServerFixture.await(() -> recorder.events.contains("suspend"));
            assertTrue(fixture.server.stop(java.time.Duration.ofSeconds(5)), "everything flushed in time");
            ServerFixture.await(() -> lost.get() != null);
            assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, client.disconnect().getCode(), "the stop's Disconnect reached the client");
            assertTrue(recorder.events.contains("close " + CloseReason.SERVER_STOPPING), "the suspended session was closed: " + recorder.events);
        }
    }

    @Test
    void withResumptionOffTheWireIsAsWithoutIt() throws Exception {
        Recorder recorder = new Recorder();
        try (ServerFixture fixture = new ServerFixture(recorder, settings(ResumeSettings.defaults()))) {
            assertEquals(null, fixture.server.sessions().resumption());
            try (FrameClient raw = fixture.raw()) {
                raw.write(Ping.newBuilder().setNonce(7).build(), 1);
                raw.flush();
                Envelope first = raw.read();
                assertTrue(first.message() instanceof Pong, "no SessionResumable: " + first);
                assertEquals(0, ((Pong) first.message()).getReceived());
                assertTrue(!((Pong) first.message()).toBuilder().build().getUnknownFields().asMap().containsKey(4));
            }
            // A client with resumption on meets a server without: it works as without, keeps nothing, sends no Ack.
            GameClient client = fixture.client(b -> b.settings(clientResumeOn()));
            assertEquals(1, client.request(CreateMatchRequest.newBuilder().setCapacity(1).build(), CreateMatchResponse.class)
                    .get(10, TimeUnit.SECONDS).getMatch().getMatchId());
            for (int i = 1; i <= 100; i++) {
                client.send(MoveInput.newBuilder().setInputSequence(i).build());
            }
            ServerFixture.await(() -> recorder.moves.size() == 100);
            Thread.sleep(100);
            assertEquals(0, client.unacknowledgedMessages());
            assertEquals(0, fixture.server.dispatcher().metrics().unhandledMessages(), "no Ack or other resumption frame reached the server");
        }
    }

    static List<Integer> sequence(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(i);
        }
        return list;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A resuming client through {@code proxy} that takes 400 ms of silence for a dead connection and retries within 100 ms. */
    private static GameClient.Builder quickToNoticeSilence(io.gameport.chaos.FaultProxy proxy, TransportClient transport) {
        return GameClient.builder().address(proxy.address()).codec(ServerFixture.CODEC).transport(transport)
                .settings(GameClientSettings.defaults().withResume(ClientResumeSettings.defaults().withEnabled(true)
                        .withFirstBackoffMs(10).withMaxBackoffMs(100).withAckDelayMs(20)
                        .withHeartbeatIntervalMs(100).withDeadAfterMs(400)));
    }

    private TransportClient oneWorkerTransport() throws java.io.IOException {
        return new TransportClient(TransportSettings.defaults().withBackend(backend()).withWorkers(1),
                ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
    }

    /**
     * A round trip: its answer follows the server's first frame, SessionResumable, so the client holds
     * its token. A connection dropped before that has no session to resume (waiting only for the
     * server's session let a black hole come first now and then).
     */
    private static void holdsItsResumeToken(GameClient client) throws Exception {
        assertEquals(1, client.request(CreateMatchRequest.newBuilder().setCapacity(1).build(), CreateMatchResponse.class)
                .get(10, TimeUnit.SECONDS).getMatch().getMatchId());
    }
}
