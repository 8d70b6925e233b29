package io.gameport.sample.bots;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.gameport.client.ConnectionLostException;
import io.gameport.client.ErrorReplyException;
import io.gameport.client.GameClient;
import io.gameport.client.SessionListener;
import io.gameport.net.CloseReason;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.sample.messages.ChatBroadcast;
import io.gameport.sample.messages.ChatMessage;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.CreateRoomResponse;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.JoinRoomResponse;
import io.gameport.sample.messages.ListRoomsRequest;
import io.gameport.sample.messages.ListRoomsResponse;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.MemberJoined;
import io.gameport.sample.messages.MemberLeft;
import io.gameport.sample.messages.MoveInput;
import io.gameport.sample.messages.ReconnectRequest;
import io.gameport.sample.messages.ReconnectResponse;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.sample.messages.RoomInfo;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.messages.TickState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * One simulated player on Gameport's {@link GameClient}: registers (or finds its name taken),
 * logs in, takes its ticket to the room server, fills an existing room or creates one, then moves
 * every tick and chats now and then. Each step is a request whose future carries the response;
 * ticks, chat lines and membership changes arrive as pushes. It checks what it receives: ticks
 * must arrive one after another and each player's chat lines in the order sent, or an error is
 * counted. It measures round trips (a move to the tick that shows it applied, a chat line to its
 * own broadcast). Pushes reach a handler per type; a type the bot has none for is a protocol error.
 * A dropped room connection is resumed by its {@link GameClient} (counted in
 * {@link BotStats#resumes()}); a room session lost for good (the client's close listener) is an
 * error, and the bot reconnects with its ticket; refused connects are retried with backoff, and
 * connects after a drop wait as {@link ReconnectPacer} says.
 *
 * <p>Threads: responses and pushes arrive on the connections' I/O workers (one at a time per
 * connection, in the order the server sent them); {@link #onTimer} runs on the fleet's timer
 * thread. State shared between them is volatile or atomic.
 */
final class Bot {

    private static final int MOVE_SLOTS = 256;
    private static final int CHAT_SLOTS = 64;
    private static final int MAX_JOIN_ATTEMPTS = 20;
    /** Far beyond any healthy answer (a login waits at most for the slow-work queue ahead of it). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A bot that has heard no tick for this long holds its moves, as a player whose screen froze
     * does: a connection that went silent (a black hole before the heartbeat notices it) then
     * collects a few moves to send again on resume, not seconds of them past the server's move limit.
     */
    private static final long MOVE_ONLY_WITHIN_NANOS_OF_A_TICK = 250_000_000L;

    private final BotFleet fleet;
    private final String name;
    private volatile GameClient room;
    private volatile boolean playing;
    private volatile boolean stopping;
    private volatile byte[] ticket;
    /** The room server's proof that this bot owns its seat, for ReconnectRequest after a drop. */
    private volatile byte[] reconnectToken;
    /** An Enter was sent with the current ticket (on some session). */
    private volatile boolean enterSent;
    /** This Enter follows one whose session was lost before its answer: its ticket may be spent already. */
    private volatile boolean enterAnswerLost;
    private volatile InetSocketAddress roomServer;
    private volatile long playerId;
    private volatile int joinAttempts;
    /** When the last tick arrived (System.nanoTime), 0 before the first: the bot moves only while its room is ticking. */
    private volatile long lastTickAtNanos;
    /** What the bot is doing or waiting for, and since when (System.nanoTime): see {@link #describe}. */
    private volatile String step = "not started";
    private volatile long stepSinceNanos = System.nanoTime();
    /** Paces this bot's connects after a drop, login and room alike. */
    private final ReconnectPacer reconnects = new ReconnectPacer(ReconnectPacer.AFTER_DROP);
    // Timer thread only.
    private int moveSequence;
    private int chatSequence;
    private long nextChatAtMs;
    private final AtomicLongArray moveSentAtNanos = new AtomicLongArray(MOVE_SLOTS);
    private final AtomicLongArray chatSentAtNanos = new AtomicLongArray(CHAT_SLOTS);

    Bot(BotFleet fleet, String name) {
        this.fleet = fleet;
        this.name = name;
    }

    boolean playing() {
        return playing;
    }

    /** "NAME: STEP for N s": where a bot that is not playing got stuck, for the soak's report. */
    String describe(long nowNanos) {
        return name + ": " + step + " for " + (nowNanos - stepSinceNanos) / 1_000_000_000L + " s";
    }

    private void at(String what) {
        step = what;
        stepSinceNanos = System.nanoTime();
    }

    void start() {
        if (stopping) {
            return; // stopped before its arrival time came, or while waiting to start over
        }
        at("connecting to the login server");
        LoginSide side = new LoginSide();
        fleet.connect(fleet.settings().login(), side::handlers, side::register, this::giveUp);
    }

    void stop() {
        stopping = true;
        playing = false;
        GameClient client = room;
        if (client != null) {
            client.close();
        }
    }

    /** Timer thread: one movement input, and a chat line when its time has come. */
    void onTimer(long nowMs, double chatDraw) {
        GameClient client = room;
        if (!playing || client == null) {
            return;
        }
        long sinceTick = System.nanoTime() - lastTickAtNanos;
        if (lastTickAtNanos == 0 || sinceTick > MOVE_ONLY_WITHIN_NANOS_OF_A_TICK) {
            return;
        }
        int sequence = ++moveSequence;
        double angle = sequence / 20.0;
        moveSentAtNanos.set(sequence & (MOVE_SLOTS - 1), System.nanoTime());
        transmit(client, MoveInput.newBuilder().setInputSequence(sequence).setDx((float) Math.cos(angle))
                .setDy((float) Math.sin(angle)).build());
        if (nextChatAtMs == 0) {
            nextChatAtMs = nowMs + (long) (chatDraw * 2 * fleet.settings().chatEveryMs());
        } else if (nowMs >= nextChatAtMs) {
            nextChatAtMs = nowMs + (long) (chatDraw * 2 * fleet.settings().chatEveryMs());
            int chat = ++chatSequence;
            chatSentAtNanos.set(chat & (CHAT_SLOTS - 1), System.nanoTime());
            transmit(client, ChatMessage.newBuilder().setText("hello from " + name + " #" + chat)
                    .setClientSequence(chat).build());
        }
    }

    private void transmit(GameClient client, Message message) {
        client.send(message);
        fleet.stats().sent.increment();
    }

    private void giveUp() {
        at("gave up connecting");
        fleet.stats().error(BotError.CONNECT_FAILED);
    }

    private void refused(String step, Object result) {
        at(step + " refused: " + result);
        fleet.stats().error(BotError.REFUSED);
        fleet.log().warn("bot {}: {} refused: {}", name, step, result);
    }

    /** What one connection's conversation shares: the client, whether a close is ours, refusals in a row. */
    private abstract class Side {
        /** "login server" or "room server", for log lines. */
        private final String server;
        volatile GameClient client;
        volatile boolean closedByUs;
        /** "Busy" or "rate limited" answers since the last request that went through. */
        volatile int refusalsInARow;

        Side(String server) {
            this.server = server;
        }

        /** {@code handler}, counting the push as received first. */
        <T extends Message> Consumer<T> counted(Consumer<T> handler) {
            return message -> {
                fleet.stats().received.increment();
                handler.accept(message);
            };
        }

        /** A push this side has no handler for: the server broke the protocol. */
        void unexpected(Message message) {
            fleet.stats().received.increment();
            protocolError("unexpected " + message.getDescriptorForType().getName() + " from the " + server);
        }

        /** Waits out a "busy" or "rate limited" answer (see {@link Backoff}), then runs {@code action} again. */
        void retry(long serverAskedMs, Runnable action) {
            long wait = Backoff.BOTS.delayMs(++refusalsInARow, serverAskedMs, ThreadLocalRandom.current().nextDouble());
            at("waiting " + wait + " ms to ask the " + server + " again");
            fleet.stats().backedOff(wait);
            fleet.schedule(wait, () -> {
                if (!stopping) {
                    action.run();
                }
            });
        }

        /** Sends {@code request}; its response goes to {@code onResponse}, a wrong or missing one is a protocol error. */
        <R extends Message> void request(Message request, Class<R> responseType, Consumer<R> onResponse) {
            GameClient c = client;
            at("waiting for a " + responseType.getSimpleName() + " from the " + server);
            fleet.stats().sent.increment();
            c.request(request, responseType, REQUEST_TIMEOUT).whenComplete((response, error) -> {
                if (error == null) {
                    fleet.stats().received.increment();
                    onResponse.accept(response);
                    return;
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof ConnectionLostException || !c.isOpen()) {
                    at("no " + responseType.getSimpleName() + ": the connection to the " + server + " was lost");
                    return; // the close listener counts the drop
                }
                if (cause instanceof ErrorReplyException reply && reply.code() == ErrorCode.ERROR_CODE_RATE_LIMITED) {
                    // The server's per-type limit: the same request again, later.
                    fleet.stats().received.increment();
                    retry(0, () -> request(request, responseType, onResponse));
                    return;
                }
                protocolError("no " + responseType.getSimpleName() + ": " + cause);
            });
        }

        void protocolError(String what) {
            at("protocol error: " + what);
            fleet.stats().error(BotError.PROTOCOL_ERROR);
            fleet.log().warn("bot {}: protocol error: {}", name, what);
            closedByUs = true;
            GameClient c = client;
            if (c != null) {
                c.close();
            }
        }

        void closeQuietly() {
            closedByUs = true;
            client.close();
        }

        /** A frame from the server that did not decode: GameClient closed the connection itself. */
        boolean closedOnProtocolError(CloseReason reason) {
            if (reason != CloseReason.PROTOCOL_ERROR || closedByUs || stopping) {
                return false;
            }
            closedByUs = true;
            fleet.stats().error(BotError.PROTOCOL_ERROR);
            fleet.log().warn("bot {}: protocol error: a frame from the server did not decode", name);
            return true;
        }
    }

    /** The login conversation: register (a taken name is fine: it is ours from an earlier run), then log in. */
    private final class LoginSide extends Side {

        LoginSide() {
            super("login server");
        }

        /** The login server pushes nothing (its heartbeat Pings are answered by GameClient). */
        void handlers(GameClient.Builder on) {
            on.onUnhandled(this::unexpected).onClose(this::onClose);
        }

        void register(GameClient connected) {
            client = connected;
            register();
        }

        private void register() {
            request(RegisterRequest.newBuilder().setName(name).setPassword(fleet.settings().password()).build(),
                    RegisterResponse.class, register -> {
                        LoginResult result = register.getResult();
                        if (result == LoginResult.LOGIN_RESULT_OK || result == LoginResult.LOGIN_RESULT_NAME_TAKEN) {
                            refusalsInARow = 0;
                            logIn();
                        } else if (retryable(result)) {
                            retry(register.getRetryAfterMs(), this::register);
                        } else {
                            refused("register", result);
                            closeQuietly();
                        }
                    });
        }

        private void logIn() {
            request(LoginRequest.newBuilder().setName(name).setPassword(fleet.settings().password()).build(),
                    LoginResponse.class, login -> {
                        LoginResult result = login.getResult();
                        // ROOM_LOST is a seat too (elsewhere, for a new room): bots ask for no room, but accept it.
                        if (result == LoginResult.LOGIN_RESULT_OK || result == LoginResult.LOGIN_RESULT_ROOM_LOST) {
                            refusalsInARow = 0;
                            ticket = login.getTicket().toByteArray();
                            enterSent = false;
                            playerId = login.getPlayerId();
                            roomServer = new InetSocketAddress(login.getRoomServerHost(), login.getRoomServerPort());
                            fleet.stats().placedOn(roomServer);
                            fleet.stats().loggedIn.incrementAndGet();
                            reconnects.reset();
                            closeQuietly();
                            connectRoom(false);
                        } else if (retryable(result)) {
                            retry(login.getRetryAfterMs(), this::logIn);
                        } else {
                            refused("login", result);
                            closeQuietly();
                        }
                    });
        }

        void onClose(GameClient closed, CloseReason reason) {
            if (stopping || closedOnProtocolError(reason) || closedByUs) {
                return;
            }
            Disconnect notice = closed.disconnect();
            if (notice != null && notice.getCode() == ErrorCode.ERROR_CODE_AUTH_TIMEOUT) {
                // Busy answers outlasted the login server's deadline for logging in: a new connection, later.
                retry(0, Bot.this::start);
                return;
            }
            // The login server went away before answering: counted, then the whole login starts again.
            fleet.stats().disconnects.increment();
            fleet.stats().error(BotError.UNEXPECTED_DISCONNECT);
            fleet.log().warn("bot {}: login connection closed ({}) before a ticket; starting over", name, reason);
            afterDrop(Bot.this::start);
        }

        private boolean retryable(LoginResult result) {
            return result == LoginResult.LOGIN_RESULT_SERVER_BUSY || result == LoginResult.LOGIN_RESULT_RATE_LIMITED
                    || result == LoginResult.LOGIN_RESULT_ACCOUNT_BACKOFF || result == LoginResult.LOGIN_RESULT_UNAVAILABLE;
        }
    }

    /** Runs {@code reconnect} after the pacer's wait for one more drop in a row (nothing once the bot stops). */
    private void afterDrop(Runnable reconnect) {
        long wait = reconnects.afterDropMs(ThreadLocalRandom.current().nextDouble());
        at("waiting " + wait + " ms to connect again after a drop");
        try {
            fleet.schedule(wait, () -> {
                if (!stopping) {
                    reconnect.run();
                }
            });
        } catch (RejectedExecutionException fleetStopped) {
            // the fleet's timer has ended: the bot is being stopped, nothing to reconnect
        }
    }

    private void connectRoom(boolean reconnect) {
        if (stopping) {
            return;
        }
        InetSocketAddress address;
        try {
            address = fleet.roomRoute(roomServer);
        } catch (RuntimeException e) {
            fleet.log().warn("bot {}: no route to room server {}: {}", name, roomServer, e.toString());
            giveUp();
            return;
        }
        at("connecting to the room server");
        RoomSide side = new RoomSide();
        fleet.connect(address, side::handlers, connected -> {
            side.client = connected;
            room = connected;
            if (reconnect) {
                side.reconnect();
            } else {
                side.enter();
            }
        }, this::giveUp);
    }

    /**
     * The room conversation on one session: enter, find or create a room, then play. The session
     * outlives a dropped connection: {@link GameClient} resumes it on a new one and what was sent
     * either way meanwhile arrives once, in order, so the checks of ticks and chat go on across the
     * drop. Only a lost session (the resume refused or too late) closes it; then the bot reconnects
     * with its ticket and reconnect token, on a new session.
     */
    private final class RoomSide extends Side implements SessionListener {
        // This connection's I/O worker only: a new connection starts the checks afresh.
        private long lastTick = -1;
        /** The client reported its resumable session lost (the close that follows is then an error). */
        private volatile boolean sessionLost;
        private int lastMeasuredInput;
        private final Map<Long, Integer> lastChatBySender = new HashMap<>();

        RoomSide() {
            super("room server");
        }

        /** What the room server sends unasked: ticks, chat, membership changes (which the bot only counts). */
        void handlers(GameClient.Builder on) {
            on.on(TickState.class, counted(this::onTick))
                    .on(ChatBroadcast.class, counted(this::onChat))
                    .on(MemberJoined.class, counted(joined -> { }))
                    .on(MemberLeft.class, counted(left -> { }))
                    .onUnhandled(this::unexpected)
                    .onClose(this::onClose)
                    .settings(BotFleet.ROOM_CLIENT)
                    .onSession(this);
        }

        @Override
        public void resumed(GameClient resumedClient) {
            fleet.stats().resumes.increment();
        }

        @Override
        public void lost(GameClient lostClient, CloseReason why) {
            if (!stopping) {
                sessionLost = true;
                fleet.stats().resumeFailures.increment();
                fleet.log().warn("bot {}: room session lost ({}); starting over with the ticket", name, why);
            }
        }

        void enter() {
            enterAnswerLost = enterSent;
            enterSent = true;
            request(EnterRequest.newBuilder().setTicket(ByteString.copyFrom(ticket)).build(), EnterResponse.class, enter -> {
                if (enter.getResult() == RoomResult.ROOM_RESULT_SERVER_BUSY) {
                    retry(0, this::enter); // the ticket was not spent: the server could not remember it yet
                    return;
                }
                if ((enter.getResult() == RoomResult.ROOM_RESULT_TICKET_USED
                        || enter.getResult() == RoomResult.ROOM_RESULT_NO_RESERVATION) && enterAnswerLost) {
                    // our own Enter went through on the lost session (with a room directory its reservation is
                    // claimed, so the same ticket finds none): a new login's ticket takes the seat back
                    closeQuietly();
                    start();
                    return;
                }
                if (enter.getResult() == RoomResult.ROOM_RESULT_TICKET_EXPIRED) {
                    // the drops before this Enter outlasted the ticket: a player logs in again for a new one
                    fleet.log().info("bot {}: ticket expired before the room server let it in; logging in again", name);
                    closeQuietly();
                    start();
                    return;
                }
                if (enter.getResult() != RoomResult.ROOM_RESULT_OK) {
                    refused("enter", enter.getResult());
                    closeQuietly();
                    return;
                }
                reconnectToken = enter.getReconnectToken().toByteArray();
                listRooms(0);
            });
        }

        void reconnect() {
            request(ReconnectRequest.newBuilder().setTicket(ByteString.copyFrom(ticket))
                    .setReconnectToken(ByteString.copyFrom(reconnectToken)).build(), ReconnectResponse.class,
                    resumed -> {
                        if (resumed.getResult() != RoomResult.ROOM_RESULT_OK) {
                            refused("reconnect", resumed.getResult());
                            closeQuietly();
                            return;
                        }
                        reconnectToken = resumed.getReconnectToken().toByteArray();
                        if (resumed.hasRoom()) {
                            startPlaying();
                        } else {
                            listRooms(0);
                        }
                    });
        }

        /** One page of the room list, from the room after {@code afterRoomId}. */
        private void listRooms(int afterRoomId) {
            request(ListRoomsRequest.newBuilder().setAfterRoomId(afterRoomId).build(), ListRoomsResponse.class,
                    this::chooseRoom);
        }

        private void chooseRoom(ListRoomsResponse list) {
            for (RoomInfo info : list.getRoomsList()) {
                if (info.getMemberCount() < info.getCapacity()) {
                    join(info.getRoomId());
                    return;
                }
            }
            if (list.getNextAfterRoomId() != 0) {
                listRooms(list.getNextAfterRoomId());
                return;
            }
            request(CreateRoomRequest.newBuilder().setName("room of " + name).setCapacity(fleet.settings().roomSize()).build(),
                    CreateRoomResponse.class, created -> {
                        RoomResult result = created.getResult();
                        if (result == RoomResult.ROOM_RESULT_OK || result == RoomResult.ROOM_RESULT_ALREADY_OWNS_ROOM) {
                            // Our own room (made just now, or earlier and still there): go in.
                            join(created.getRoom().getRoomId());
                        } else if (result == RoomResult.ROOM_RESULT_RATE_LIMITED) {
                            retry(created.getRetryAfterMs(), () -> listRooms(0));
                        } else {
                            refused("create room", result);
                        }
                    });
        }

        private void join(int roomId) {
            request(JoinRoomRequest.newBuilder().setRoomId(roomId).build(), JoinRoomResponse.class, joined -> {
                RoomResult result = joined.getResult();
                if (result == RoomResult.ROOM_RESULT_OK) {
                    startPlaying();
                } else if ((result == RoomResult.ROOM_RESULT_ROOM_FULL || result == RoomResult.ROOM_RESULT_ROOM_NOT_FOUND)
                        && ++joinAttempts < MAX_JOIN_ATTEMPTS) {
                    // Another bot took the last place first: look again.
                    listRooms(0);
                } else {
                    refused("join", result);
                }
            });
        }

        private void startPlaying() {
            at("playing");
            reconnects.reset();
            if (!playing) {
                playing = true;
                fleet.stats().inRoom.incrementAndGet();
            }
        }

        void onClose(GameClient closed, CloseReason reason) {
            if (playing && (stopping || closedByUs)) {
                playing = false;
                fleet.stats().inRoom.decrementAndGet();
            }
            if (stopping || closedOnProtocolError(reason) || closedByUs) {
                return;
            }
            if (playing) {
                playing = false;
                fleet.stats().inRoom.decrementAndGet();
            }
            if (reconnectToken == null && !sessionLost && fleet.roomConnectionsDropped()) {
                // Dropped by the fault proxy before the server's resume token arrived (the Enter's answer
                // follows it): there is no session to resume and nothing was played on it.
                fleet.stats().droppedBeforeResumable.increment();
                fleet.log().info("bot {}: room connection dropped ({}) before its session was resumable; entering again",
                        name, reason);
            } else {
                fleet.stats().disconnects.increment();
                fleet.stats().error(BotError.UNEXPECTED_DISCONNECT);
                fleet.log().warn("bot {}: room connection closed ({}); reconnecting with the ticket", name, reason);
            }
            sessionLost = false;
            if (room == closed) {
                room = null;
            }
            // No reconnect token yet: the session was lost before its Enter was answered. Enter again;
            // if that Enter did go through, the ticket is spent (TICKET_USED) and the bot logs in anew.
            boolean withToken = reconnectToken != null;
            afterDrop(() -> connectRoom(withToken));
        }

        private void onTick(TickState tick) {
            lastTickAtNanos = System.nanoTime();
            if (lastTick >= 0) {
                if (tick.getTick() > lastTick + 1) {
                    fleet.stats().error(BotError.LOST_MESSAGE);
                    fleet.log().warn("bot {}: room tick jumped from {} to {}", name, lastTick, tick.getTick());
                } else if (tick.getTick() <= lastTick) {
                    fleet.stats().error(BotError.REORDERED_MESSAGE);
                }
            }
            lastTick = Math.max(lastTick, tick.getTick());
            int members = tick.getPlayerIdsCount();
            if (tick.getXsCount() != members || tick.getYsCount() != members || tick.getLastInputSequencesCount() != members) {
                fleet.stats().error(BotError.PROTOCOL_ERROR);
                fleet.log().warn("bot {}: tick {} has columns of different lengths", name, tick.getTick());
                return;
            }
            for (int i = 0; i < members; i++) {
                if (tick.getPlayerIds(i) == playerId) {
                    int applied = tick.getLastInputSequences(i);
                    if (applied > lastMeasuredInput) {
                        long sentAt = moveSentAtNanos.get(applied & (MOVE_SLOTS - 1));
                        if (sentAt != 0) {
                            fleet.stats().rtt.recordNanos(System.nanoTime() - sentAt);
                        }
                        lastMeasuredInput = applied;
                    }
                    return;
                }
            }
        }

        private void onChat(ChatBroadcast chat) {
            int sequence = chat.getClientSequence();
            Integer last = lastChatBySender.put(chat.getFromPlayerId(), sequence);
            if (last != null) {
                if (sequence > last + 1) {
                    fleet.stats().error(BotError.LOST_MESSAGE);
                    fleet.log().warn("bot {}: chat of player {} jumped from {} to {}", name, chat.getFromPlayerId(), last, sequence);
                } else if (sequence <= last) {
                    fleet.stats().error(BotError.REORDERED_MESSAGE);
                }
            }
            if (chat.getFromPlayerId() == playerId) {
                long sentAt = chatSentAtNanos.get(sequence & (CHAT_SLOTS - 1));
                if (sentAt != 0) {
                    fleet.stats().rtt.recordNanos(System.nanoTime() - sentAt);
                }
            }
        }
    }
}
