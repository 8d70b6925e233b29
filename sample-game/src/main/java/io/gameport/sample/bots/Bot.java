package io.gameport.sample.bots;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.ConnectionHandler;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.ProtocolException;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.sample.ChatBroadcast;
import io.gameport.protocol.sample.ChatMessage;
import io.gameport.protocol.sample.CreateRoomRequest;
import io.gameport.protocol.sample.CreateRoomResponse;
import io.gameport.protocol.sample.EnterRequest;
import io.gameport.protocol.sample.EnterResponse;
import io.gameport.protocol.sample.JoinRoomRequest;
import io.gameport.protocol.sample.JoinRoomResponse;
import io.gameport.protocol.sample.ListRoomsRequest;
import io.gameport.protocol.sample.ListRoomsResponse;
import io.gameport.protocol.sample.LoginRequest;
import io.gameport.protocol.sample.LoginResponse;
import io.gameport.protocol.sample.LoginResult;
import io.gameport.protocol.sample.MemberJoined;
import io.gameport.protocol.sample.MemberLeft;
import io.gameport.protocol.sample.MemberPosition;
import io.gameport.protocol.sample.MoveInput;
import io.gameport.protocol.sample.ReconnectRequest;
import io.gameport.protocol.sample.ReconnectResponse;
import io.gameport.protocol.sample.RegisterRequest;
import io.gameport.protocol.sample.RegisterResponse;
import io.gameport.protocol.sample.RoomInfo;
import io.gameport.protocol.sample.RoomResult;
import io.gameport.protocol.sample.TickState;
import io.gameport.sample.link.MessageConnectionHandler;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One simulated player: registers (or finds its name taken), logs in, takes its ticket to the
 * room server, fills an existing room or creates one, then moves every tick and chats now and
 * then. It checks what it receives: ticks must arrive one after another and each player's chat
 * lines in the order sent, or an error is counted. It measures round trips (a move to the tick
 * that shows it applied, a chat line to its own broadcast). A dropped room connection is an
 * error, and the bot reconnects with its ticket; refused connects are retried with backoff.
 *
 * <p>Threads: message callbacks run on the connections' I/O workers (one at a time per
 * connection); {@link #onTimer} runs on the fleet's timer thread. State shared between them is
 * volatile or atomic.
 */
final class Bot {

    private static final int MOVE_SLOTS = 256;
    private static final int CHAT_SLOTS = 64;
    private static final int MAX_JOIN_ATTEMPTS = 20;
    private static final int FIRST_RETRY_MS = 100;

    private final BotFleet fleet;
    private final String name;
    private volatile Connection room;
    private volatile boolean playing;
    private volatile boolean stopping;
    private volatile byte[] ticket;
    private volatile InetSocketAddress roomServer;
    private long playerId;
    private int joinAttempts;
    private boolean reconnecting;
    // Timer thread only.
    private int moveSequence;
    private int chatSequence;
    private long nextChatAtMs;
    private final AtomicLongArray moveSentAtNanos = new AtomicLongArray(MOVE_SLOTS);
    private final AtomicLongArray chatSentAtNanos = new AtomicLongArray(CHAT_SLOTS);
    // Room connection's I/O thread only (reset on each new room connection).
    private long lastTick = -1;
    private int lastMeasuredInput;
    private final Map<Long, Integer> lastChatBySender = new HashMap<>();

    Bot(BotFleet fleet, String name) {
        this.fleet = fleet;
        this.name = name;
    }

    boolean playing() {
        return playing;
    }

    void start() {
        fleet.connect(fleet.settings().login(), new LoginSide(), 1, connection ->
                transmit(connection, RegisterRequest.newBuilder().setName(name).setPassword(fleet.settings().password()).build()),
                this::giveUp);
    }

    void stop() {
        stopping = true;
        playing = false;
        Connection connection = room;
        if (connection != null) {
            connection.close();
        }
    }

    /** Timer thread: one movement input, and a chat line when its time has come. */
    void onTimer(long nowMs, double chatDraw) {
        Connection connection = room;
        if (!playing || connection == null) {
            return;
        }
        int sequence = ++moveSequence;
        double angle = sequence / 20.0;
        moveSentAtNanos.set(sequence & (MOVE_SLOTS - 1), System.nanoTime());
        transmit(connection, MoveInput.newBuilder().setInputSequence(sequence).setDx((float) Math.cos(angle))
                .setDy((float) Math.sin(angle)).build());
        if (nextChatAtMs == 0) {
            nextChatAtMs = nowMs + (long) (chatDraw * 2 * fleet.settings().chatEveryMs());
        } else if (nowMs >= nextChatAtMs) {
            nextChatAtMs = nowMs + (long) (chatDraw * 2 * fleet.settings().chatEveryMs());
            int chat = ++chatSequence;
            chatSentAtNanos.set(chat & (CHAT_SLOTS - 1), System.nanoTime());
            transmit(connection, ChatMessage.newBuilder().setText("hello from " + name + " #" + chat)
                    .setClientSequence(chat).build());
        }
    }

    private void transmit(Connection connection, Message message) {
        MessageConnectionHandler.send(connection, fleet.codec(), message, 0);
        fleet.stats().sent.increment();
    }

    /** Gameport servers ping a session that has been silent for a while: answer, as GameClient would. */
    private boolean answeredHeartbeat(Connection connection, Message message) {
        if (!(message instanceof Ping ping)) {
            return false;
        }
        connection.send(fleet.codec().encode(Pong.newBuilder().setNonce(ping.getNonce()).setPingSentAtMs(ping.getSentAtMs())
                .setRepliedAtMs(System.currentTimeMillis()).build(), 0));
        return true;
    }

    private void giveUp() {
        fleet.stats().error(BotError.CONNECT_FAILED);
    }

    private void refused(String step, Object result) {
        fleet.stats().error(BotError.REFUSED);
        fleet.log().warn("bot {}: {} refused: {}", name, step, result);
    }

    private void protocolError(Connection connection, String what) {
        fleet.stats().error(BotError.PROTOCOL_ERROR);
        fleet.log().warn("bot {}: protocol error: {}", name, what);
        connection.close(CloseReason.PROTOCOL_ERROR);
    }

    /** The login conversation: register (a taken name is fine: it is ours from an earlier run), then log in. */
    private final class LoginSide extends MessageConnectionHandler {
        private volatile boolean closedByUs;

        LoginSide() {
            super(fleet.codec());
        }

        @Override
        protected void onMessage(Connection connection, Envelope envelope) {
            Message message = envelope.message();
            if (answeredHeartbeat(connection, message)) {
                return;
            }
            fleet.stats().received.increment();
            if (message instanceof RegisterResponse register) {
                LoginResult result = register.getResult();
                if (result == LoginResult.LOGIN_RESULT_OK || result == LoginResult.LOGIN_RESULT_NAME_TAKEN) {
                    login(connection);
                } else if (retryable(result)) {
                    retry(register.getRetryAfterMs(), () -> transmit(connection, RegisterRequest.newBuilder().setName(name)
                            .setPassword(fleet.settings().password()).build()));
                } else {
                    refused("register", result);
                    closedByUs = true;
                    connection.close();
                }
            } else if (message instanceof LoginResponse login) {
                LoginResult result = login.getResult();
                if (result == LoginResult.LOGIN_RESULT_OK) {
                    ticket = login.getTicket().toByteArray();
                    playerId = login.getPlayerId();
                    roomServer = new InetSocketAddress(login.getRoomServerHost(), login.getRoomServerPort());
                    fleet.stats().loggedIn.incrementAndGet();
                    closedByUs = true;
                    connection.close();
                    connectRoom(false);
                } else if (retryable(result)) {
                    retry(login.getRetryAfterMs(), () -> login(connection));
                } else {
                    refused("login", result);
                    closedByUs = true;
                    connection.close();
                }
            } else {
                closedByUs = true;
                protocolError(connection, "unexpected " + message.getDescriptorForType().getName() + " from the login server");
            }
        }

        @Override
        protected void onMalformed(Connection connection, ProtocolException error) {
            closedByUs = true;
            protocolError(connection, error.getMessage());
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
            if (stopping || closedByUs) {
                return;
            }
            // The login server went away before answering: counted, then the whole login starts again.
            fleet.stats().disconnects.increment();
            fleet.stats().error(BotError.UNEXPECTED_DISCONNECT);
            fleet.log().warn("bot {}: login connection closed ({}) before a ticket; starting over", name, reason);
            fleet.schedule(FIRST_RETRY_MS, () -> {
                if (!stopping) {
                    start();
                }
            });
        }

        private void login(Connection connection) {
            transmit(connection, LoginRequest.newBuilder().setName(name).setPassword(fleet.settings().password()).build());
        }

        private boolean retryable(LoginResult result) {
            return result == LoginResult.LOGIN_RESULT_SERVER_BUSY || result == LoginResult.LOGIN_RESULT_RATE_LIMITED;
        }

        private void retry(int afterMs, Runnable action) {
            fleet.stats().busyRetries.increment();
            // Jitter spreads a crowd told "busy" at the same moment, so it does not return as one.
            long wait = Math.max(10, afterMs);
            fleet.schedule(wait + java.util.concurrent.ThreadLocalRandom.current().nextLong(wait), () -> {
                if (!stopping) {
                    action.run();
                }
            });
        }
    }

    private void connectRoom(boolean reconnect) {
        if (stopping) {
            return;
        }
        fleet.connect(roomServer, new RoomSide(), 1, connection -> {
            room = connection;
            if (reconnect) {
                transmit(connection, ReconnectRequest.newBuilder().setTicket(ByteString.copyFrom(ticket)).build());
            } else {
                transmit(connection, EnterRequest.newBuilder().setTicket(ByteString.copyFrom(ticket)).build());
            }
        }, this::giveUp);
    }

    /** The room conversation: enter, find or create a room, then play. */
    private final class RoomSide extends MessageConnectionHandler implements ConnectionHandler {
        private volatile boolean closedByUs;

        RoomSide() {
            super(fleet.codec());
        }

        @Override
        public void onOpen(Connection connection) {
            lastTick = -1;
            lastMeasuredInput = 0;
            lastChatBySender.clear();
        }

        @Override
        protected void onMessage(Connection connection, Envelope envelope) {
            Message message = envelope.message();
            if (answeredHeartbeat(connection, message)) {
                return;
            }
            fleet.stats().received.increment();
            if (message instanceof TickState tick) {
                onTick(tick);
            } else if (message instanceof ChatBroadcast chat) {
                onChat(chat);
            } else if (message instanceof MemberJoined || message instanceof MemberLeft) {
                return;
            } else if (message instanceof EnterResponse enter) {
                if (enter.getResult() != RoomResult.ROOM_RESULT_OK) {
                    refused("enter", enter.getResult());
                    closedByUs = true;
                    connection.close();
                    return;
                }
                transmit(connection, ListRoomsRequest.getDefaultInstance());
            } else if (message instanceof ReconnectResponse resumed) {
                if (resumed.getResult() != RoomResult.ROOM_RESULT_OK) {
                    refused("reconnect", resumed.getResult());
                    closedByUs = true;
                    connection.close();
                } else if (resumed.hasRoom()) {
                    startPlaying();
                } else {
                    transmit(connection, ListRoomsRequest.getDefaultInstance());
                }
            } else if (message instanceof ListRoomsResponse list) {
                chooseRoom(connection, list);
            } else if (message instanceof CreateRoomResponse created) {
                if (created.getResult() != RoomResult.ROOM_RESULT_OK) {
                    refused("create room", created.getResult());
                    return;
                }
                transmit(connection, JoinRoomRequest.newBuilder().setRoomId(created.getRoom().getRoomId()).build());
            } else if (message instanceof JoinRoomResponse joined) {
                onJoined(connection, joined);
            } else {
                closedByUs = true;
                protocolError(connection, "unexpected " + message.getDescriptorForType().getName() + " from the room server");
            }
        }

        @Override
        protected void onMalformed(Connection connection, ProtocolException error) {
            closedByUs = true;
            protocolError(connection, error.getMessage());
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
            if (playing && (stopping || closedByUs)) {
                playing = false;
                fleet.stats().inRoom.decrementAndGet();
            }
            if (stopping || closedByUs) {
                return;
            }
            if (playing) {
                playing = false;
                fleet.stats().inRoom.decrementAndGet();
            }
            fleet.stats().disconnects.increment();
            fleet.stats().error(BotError.UNEXPECTED_DISCONNECT);
            fleet.log().warn("bot {}: room connection closed ({}); reconnecting with the ticket", name, reason);
            room = null;
            connectRoom(true);
        }

        private void chooseRoom(Connection connection, ListRoomsResponse list) {
            for (RoomInfo info : list.getRoomsList()) {
                if (info.getMemberCount() < info.getCapacity()) {
                    transmit(connection, JoinRoomRequest.newBuilder().setRoomId(info.getRoomId()).build());
                    return;
                }
            }
            transmit(connection, CreateRoomRequest.newBuilder().setName("room of " + name)
                    .setCapacity(fleet.settings().roomSize()).build());
        }

        private void onJoined(Connection connection, JoinRoomResponse joined) {
            RoomResult result = joined.getResult();
            if (result == RoomResult.ROOM_RESULT_OK) {
                startPlaying();
            } else if ((result == RoomResult.ROOM_RESULT_ROOM_FULL || result == RoomResult.ROOM_RESULT_ROOM_NOT_FOUND)
                    && ++joinAttempts < MAX_JOIN_ATTEMPTS) {
                // Another bot took the last place first: look again.
                transmit(connection, ListRoomsRequest.getDefaultInstance());
            } else {
                refused("join", result);
            }
        }

        private void startPlaying() {
            if (!playing) {
                playing = true;
                fleet.stats().inRoom.incrementAndGet();
            }
        }

        private void onTick(TickState tick) {
            if (lastTick >= 0) {
                if (tick.getTick() > lastTick + 1) {
                    fleet.stats().error(BotError.LOST_MESSAGE);
                } else if (tick.getTick() <= lastTick) {
                    fleet.stats().error(BotError.REORDERED_MESSAGE);
                }
            }
            lastTick = Math.max(lastTick, tick.getTick());
            for (MemberPosition position : tick.getPositionsList()) {
                if (position.getPlayerId() == playerId) {
                    int applied = position.getLastInputSequence();
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
