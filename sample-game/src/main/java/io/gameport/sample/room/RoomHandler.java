package io.gameport.sample.room;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.gameport.handler.HandlerRegistry;
import io.gameport.handler.MessageHandlers;
import io.gameport.net.CloseReason;
import io.gameport.net.SendResult;
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
import io.gameport.sample.ticket.TicketCheck;
import io.gameport.sample.ticket.TicketSigner;
import io.gameport.session.AttributeKey;
import io.gameport.session.BroadcastResult;
import io.gameport.session.Session;
import io.gameport.session.SessionManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

/**
 * The room server's handlers, registered per message type. On the session's shard they only
 * check tickets (HMAC, no database) and hand everything else, with the request's id, to the
 * {@link RoomLoop}: the one thread that owns the {@link RoomWorld}, so game code takes no locks.
 * Responses are sent from the loop too ({@code requestDeferred}): a session's responses and the
 * room's broadcasts then leave from one thread, in order. The player a session entered as is the
 * session attribute {@link #PLAYER_ID}, written and read on the loop.
 *
 * <p>Broadcasts go through {@link SessionManager#broadcast}: encoded once per room per event, the
 * same bytes handed to every member's connection; a member over its send quota is handled by
 * the configured policy (by default disconnected) while the room goes on.
 */
@Singleton
final class RoomHandler implements MessageHandlers {

    /** The player this session entered as; set on the room loop after a valid Enter or Reconnect. */
    static final AttributeKey<Long> PLAYER_ID = AttributeKey.of("playerId", Long.class);

    private static final EnterResponse NOT_ENTERED = EnterResponse.newBuilder()
            .setResult(RoomResult.ROOM_RESULT_NOT_ENTERED).build();

    private final SessionManager sessions;
    private final TicketSigner tickets;
    private final RoomWorld<Session> world;
    private final RoomLoop loop;
    /** Room loop thread only: a broadcast's recipients, reused so a tick allocates no list. */
    private final List<Session> recipients = new ArrayList<>();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder overQuota = new LongAdder();
    final LongAdder refusedTickets = new LongAdder();

    @Inject
    RoomHandler(RoomServerConfig config, TicketSigner tickets, SessionManager sessions) {
        this.sessions = sessions;
        this.tickets = tickets;
        this.world = new RoomWorld<>(config.rooms(), this::broadcast);
        this.loop = new RoomLoop("room-loop", config.tickHz(), world::tick);
    }

    RoomLoop loop() {
        return loop;
    }

    @Override
    public void register(HandlerRegistry.Builder on) {
        on.requestDeferred(EnterRequest.class, (session, enter, requestId) -> enter(session, requestId, enter.getTicket(), false));
        on.requestDeferred(ReconnectRequest.class,
                (session, reconnect, requestId) -> enter(session, requestId, reconnect.getTicket(), true));
        on.requestDeferred(ListRoomsRequest.class, (session, list, requestId) -> onLoop(session, requestId,
                playerId -> ListRoomsResponse.newBuilder().addAllRooms(world.listRooms()).build()));
        on.requestDeferred(CreateRoomRequest.class, (session, create, requestId) -> onLoop(session, requestId,
                playerId -> world.createRoom(create.getName(), create.getCapacity())));
        on.requestDeferred(JoinRoomRequest.class, (session, join, requestId) -> onLoop(session, requestId,
                playerId -> world.join(playerId, join.getRoomId())));
        on.requestDeferred(LeaveRoomRequest.class, (session, leave, requestId) -> onLoop(session, requestId,
                playerId -> LeaveRoomResponse.newBuilder().setResult(world.leave(playerId)).build()));
        on.message(MoveInput.class, (session, move) -> onLoop(session, 0, playerId -> {
            world.move(playerId, move);
            return null;
        }));
        on.message(ChatMessage.class, (session, chat) -> onLoop(session, 0, playerId -> {
            world.chat(playerId, chat.getText(), chat.getClientSequence(), System.currentTimeMillis());
            return null;
        }));
        on.onClose((session, reason) -> loop.execute(() -> {
            Long playerId = session.attribute(PLAYER_ID);
            if (playerId != null) {
                world.disconnected(playerId, session, System.currentTimeMillis());
            }
        }));
    }

    // ---- shard threads ----

    private void enter(Session session, int requestId, ByteString ticket, boolean reconnect) {
        messagesIn.increment();
        TicketCheck check = tickets.verify(ticket.toByteArray());
        if (!check.valid()) {
            refusedTickets.increment();
            RoomResult refusal = check.status() == TicketCheck.Status.EXPIRED ? RoomResult.ROOM_RESULT_TICKET_EXPIRED
                    : RoomResult.ROOM_RESULT_INVALID_TICKET;
            reply(session, requestId, reconnect ? ReconnectResponse.newBuilder().setResult(refusal).build()
                    : EnterResponse.newBuilder().setResult(refusal).build());
            return;
        }
        loop.execute(() -> entered(session, requestId, check, reconnect));
    }

    /**
     * Runs {@code action} on the loop for the session's player and sends what it returns (if
     * anything) with {@code requestId}. Before a successful enter the answer is NOT_ENTERED; the
     * enter may still be queued on the loop, so the loop decides, in order.
     */
    private void onLoop(Session session, int requestId, LongFunction<Message> action) {
        messagesIn.increment();
        loop.execute(() -> {
            Long playerId = session.attribute(PLAYER_ID);
            Message response = playerId == null ? NOT_ENTERED : action.apply(playerId);
            if (response != null) {
                reply(session, requestId, response);
            }
        });
    }

    // ---- room loop thread ----

    private void entered(Session session, int requestId, TicketCheck check, boolean reconnect) {
        RoomWorld.Entered<Session> entered = world.enter(check.ticket().playerId(), check.ticket().name(), session);
        session.attribute(PLAYER_ID, check.ticket().playerId());
        session.markAuthenticated();
        if (entered.replaced() != null && entered.replaced() != session) {
            entered.replaced().close(CloseReason.LOCAL_CLOSE);
        }
        Player<Session> player = entered.player();
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

    /** The world's {@link RoomEvents}: on the room loop thread. */
    private void broadcast(Room<Session> room, Message message, long exceptPlayerId) {
        recipients.clear();
        for (Player<Session> member : room.members()) {
            Session session = member.endpoint();
            if (session != null && member.playerId() != exceptPlayerId) {
                recipients.add(session);
            }
        }
        if (recipients.isEmpty()) {
            return;
        }
        BroadcastResult result = sessions.broadcast(recipients, message);
        recipients.clear();
        messagesOut.add(result.queued());
        overQuota.add(result.notQueued() - result.count(SendResult.CLOSED));
    }

    private void reply(Session session, int requestId, Message message) {
        count(session.reply(requestId, message));
    }

    private void count(SendResult result) {
        if (result == SendResult.QUEUED) {
            messagesOut.increment();
        } else if (result != SendResult.CLOSED) {
            overQuota.increment();
        }
    }
}
