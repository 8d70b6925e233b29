package io.gameport.sample.room;

import com.google.protobuf.Message;
import io.gameport.net.CloseReason;
import io.gameport.net.Connection;
import io.gameport.net.SendResult;
import io.gameport.net.TransportServer;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.sample.ChatMessage;
import io.gameport.protocol.sample.CreateRoomRequest;
import io.gameport.protocol.sample.EnterRequest;
import io.gameport.protocol.sample.EnterResponse;
import io.gameport.protocol.sample.JoinRoomRequest;
import io.gameport.protocol.sample.LeaveRoomRequest;
import io.gameport.protocol.sample.LeaveRoomResponse;
import io.gameport.protocol.sample.ListRoomsRequest;
import io.gameport.protocol.sample.ListRoomsResponse;
import io.gameport.protocol.sample.MoveInput;
import io.gameport.protocol.sample.ReconnectRequest;
import io.gameport.protocol.sample.ReconnectResponse;
import io.gameport.protocol.sample.RoomResult;
import io.gameport.sample.link.MessageConnectionHandler;
import io.gameport.sample.link.SampleProtocol;
import io.gameport.sample.metrics.Histogram;
import io.gameport.sample.ticket.TicketCheck;
import io.gameport.sample.ticket.TicketSigner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * The room server. I/O workers decode frames and check tickets (HMAC, no database), then hand
 * each message to the {@link RoomLoop}, the single thread that owns the {@link RoomWorld}: game
 * code takes no locks and a room's broadcasts leave in one order. A broadcast is encoded once
 * and the same bytes are queued on each member's connection; a member whose connection is over
 * its send quota is handled by the transport's policy (by default disconnected) while the room
 * goes on. Start with {@link #start}, stop with {@link #close}.
 */
public final class RoomServer implements AutoCloseable, RoomEvents<RoomSession> {

    private final MessageCodec codec = SampleProtocol.codec();
    private final TicketSigner tickets;
    private final RoomWorld<RoomSession> world;
    private final RoomLoop loop;
    private final TransportServer transport;
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder overQuota = new LongAdder();
    private final LongAdder refusedTickets = new LongAdder();

    private RoomServer(RoomServerConfig config) throws IOException {
        this.tickets = new TicketSigner(config.ticketSecret(), 1, Clock.systemUTC());
        this.world = new RoomWorld<>(config.rooms(), this);
        this.loop = new RoomLoop("room-loop", config.tickHz(), world::tick);
        this.transport = TransportServer.start(config.transport(), config.bind(), new Handler());
        loop.start();
    }

    public static RoomServer start(RoomServerConfig config) throws IOException {
        return new RoomServer(config);
    }

    public int port() {
        return transport.port();
    }

    public String backendName() {
        return transport.backendName();
    }

    /** How late ticks started against their fixed schedule. */
    public Histogram tickLateness() {
        return loop.tickLateness();
    }

    public long ticks() {
        return loop.ticks();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    /** Frames queued to clients (a broadcast to 50 members counts 50). */
    public long messagesOut() {
        return messagesOut.sum();
    }

    /** Sends refused by the send quota (the slow client was handled by the configured policy). */
    public long overQuota() {
        return overQuota.sum();
    }

    public long refusedTickets() {
        return refusedTickets.sum();
    }

    /** Commands or ticks that threw; a correct server keeps this at zero. */
    public long failures() {
        return loop.failedCommands();
    }

    @Override
    public void broadcast(Room<RoomSession> room, Message message, long exceptPlayerId) {
        // Encoded once per room per event; Connection.send copies from the shared buffer without moving it.
        ByteBuffer payload = codec.encode(message, 0);
        for (Player<RoomSession> member : room.members()) {
            RoomSession session = member.endpoint();
            if (session != null && member.playerId() != exceptPlayerId) {
                count(session.connection.send(payload));
            }
        }
    }

    private void reply(RoomSession session, int requestId, Message message) {
        count(MessageConnectionHandler.send(session.connection, codec, message, requestId));
    }

    private void count(SendResult result) {
        if (result == SendResult.QUEUED) {
            messagesOut.increment();
        } else if (result != SendResult.CLOSED) {
            overQuota.increment();
        }
    }

    // ---- room loop thread ----

    private void enter(RoomSession session, int requestId, TicketCheck check, boolean reconnect) {
        RoomWorld.Entered<RoomSession> entered = world.enter(check.ticket().playerId(), check.ticket().name(), session);
        session.playerId = check.ticket().playerId();
        if (entered.replaced() != null && entered.replaced() != session) {
            entered.replaced().connection.close(CloseReason.LOCAL_CLOSE);
        }
        Player<RoomSession> player = entered.player();
        if (reconnect) {
            ReconnectResponse.Builder response = ReconnectResponse.newBuilder().setResult(RoomResult.ROOM_RESULT_OK);
            if (player.room() != null) {
                response.setRoom(player.room().info()).setTick(player.room().tick());
            }
            reply(session, requestId, response.build());
        } else {
            reply(session, requestId, EnterResponse.newBuilder().setResult(RoomResult.ROOM_RESULT_OK)
                    .setPlayerId(player.playerId()).setName(player.name()).build());
        }
    }

    private void handle(RoomSession session, Envelope envelope) {
        Message message = envelope.message();
        int requestId = envelope.requestId();
        long playerId = session.playerId;
        if (message instanceof MoveInput move) {
            world.move(playerId, move);
        } else if (message instanceof ChatMessage chat) {
            world.chat(playerId, chat.getText(), chat.getClientSequence(), System.currentTimeMillis());
        } else if (message instanceof ListRoomsRequest) {
            reply(session, requestId, ListRoomsResponse.newBuilder().addAllRooms(world.listRooms()).build());
        } else if (message instanceof CreateRoomRequest create) {
            reply(session, requestId, world.createRoom(create.getName(), create.getCapacity()));
        } else if (message instanceof JoinRoomRequest join) {
            reply(session, requestId, world.join(playerId, join.getRoomId()));
        } else if (message instanceof LeaveRoomRequest) {
            reply(session, requestId, LeaveRoomResponse.newBuilder().setResult(world.leave(playerId)).build());
        } else {
            session.connection.close(CloseReason.PROTOCOL_ERROR);
        }
    }

    @Override
    public void close() {
        transport.close();
        loop.close();
    }

    /** Runs on I/O workers: decode, check tickets, forward to the loop. */
    private final class Handler extends MessageConnectionHandler {

        Handler() {
            super(RoomServer.this.codec);
        }

        @Override
        public void onOpen(Connection connection) {
            connection.attach(new RoomSession(connection));
        }

        @Override
        protected void onMessage(Connection connection, Envelope envelope) {
            messagesIn.increment();
            RoomSession session = (RoomSession) connection.attachment();
            Message message = envelope.message();
            int requestId = envelope.requestId();
            if (message instanceof EnterRequest enter) {
                TicketCheck check = tickets.verify(enter.getTicket().toByteArray());
                if (!check.valid()) {
                    refusedTickets.increment();
                    reply(session, requestId, EnterResponse.newBuilder().setResult(refusal(check)).build());
                    return;
                }
                loop.execute(() -> enter(session, requestId, check, false));
            } else if (message instanceof ReconnectRequest reconnect) {
                TicketCheck check = tickets.verify(reconnect.getTicket().toByteArray());
                if (!check.valid()) {
                    refusedTickets.increment();
                    reply(session, requestId, ReconnectResponse.newBuilder().setResult(refusal(check)).build());
                    return;
                }
                loop.execute(() -> enter(session, requestId, check, true));
            } else if (!session.entered()) {
                // The enter may still be queued on the loop: let the loop decide, in order.
                loop.execute(() -> {
                    if (session.entered()) {
                        handle(session, envelope);
                    } else {
                        reply(session, requestId, EnterResponse.newBuilder()
                                .setResult(RoomResult.ROOM_RESULT_NOT_ENTERED).build());
                    }
                });
            } else {
                loop.execute(() -> handle(session, envelope));
            }
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
            RoomSession session = (RoomSession) connection.attachment();
            if (session != null) {
                loop.execute(() -> {
                    if (session.entered()) {
                        world.disconnected(session.playerId, session, System.currentTimeMillis());
                    }
                });
            }
        }

        private RoomResult refusal(TicketCheck check) {
            return check.status() == TicketCheck.Status.EXPIRED ? RoomResult.ROOM_RESULT_TICKET_EXPIRED
                    : RoomResult.ROOM_RESULT_INVALID_TICKET;
        }
    }
}
