package io.gameport.sample.room;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.gameport.handler.HandlerRegistry;
import io.gameport.handler.MessageHandlers;
import io.gameport.metrics.MetricsSettings;
import io.gameport.net.SendResult;
import io.gameport.sample.messages.ChatMessage;
import io.gameport.sample.messages.CreateRoomRequest;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.JoinRoomRequest;
import io.gameport.sample.messages.LeaveRoomRequest;
import io.gameport.sample.messages.LeaveRoomResponse;
import io.gameport.sample.messages.ListRoomsRequest;
import io.gameport.sample.messages.MoveInput;
import io.gameport.sample.messages.ReconnectRequest;
import io.gameport.sample.messages.ReconnectResponse;
import io.gameport.sample.messages.RoomResult;
import io.gameport.sample.ticket.Ticket;
import io.gameport.sample.ticket.TicketCheck;
import io.gameport.sample.ticket.TicketSigner;
import io.gameport.session.AttributeKey;
import io.gameport.session.BroadcastResult;
import io.gameport.session.Session;
import io.gameport.session.SessionManager;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The room server's handlers, registered per message type. On the session's shard they only
 * check tickets (HMAC, no database), answer the room list from the loop's published snapshot,
 * and hand everything else, with the request's id, to the {@link RoomLoop}: the one thread that
 * owns the {@link RoomWorld}, so game code takes no locks. Responses to game requests are sent
 * from the loop too ({@code requestDeferred}): a session's responses and the room's broadcasts
 * then leave from one thread, in order. The player a session entered as is the session attribute
 * {@link #PLAYER_ID}, written and read on the loop; a message acts for that player only while the
 * player's seat is on this session.
 *
 * <p>Seats: a ticket enters once ({@link UsedTickets}); one connection enters once (a second
 * Enter or Reconnect on it is ROOM_RESULT_ALREADY_ENTERED, so a connection can never hold two
 * players or leave one behind); a seat moves to another connection only for a newer login of the
 * account or for a Reconnect carrying the seat's token, and the connection it leaves is told why
 * and closed ({@link SeatEviction}).
 *
 * <p>Broadcasts go through {@link SessionManager#broadcast}: encoded once per room per event, the
 * same bytes handed to every member's connection; a member over its send quota is handled by
 * the configured policy (by default disconnected) while the room goes on.
 */
@Singleton
final class RoomHandler implements MessageHandlers {

    /** The player this session entered as; set on the room loop after a valid Enter or Reconnect. */
    static final AttributeKey<Long> PLAYER_ID = AttributeKey.of("playerId", Long.class);
    static final int RECONNECT_TOKEN_BYTES = 16;

    private static final EnterResponse NOT_ENTERED = EnterResponse.newBuilder()
            .setResult(RoomResult.ROOM_RESULT_NOT_ENTERED).build();

    private final SessionManager sessions;
    private final TicketSigner tickets;
    private final RoomSettings settings;
    private final RoomLimits limits;
    /** MoveInputs per session per second: the limit per tick times the tick rate. */
    private final int movesPerSecond;
    private final RoomWorld<Session> world;
    private final RoomLoop loop;
    /** Room loop thread only. */
    private final UsedTickets usedTickets;
    private final SecureRandom random = new SecureRandom();
    /** The room list the loop published last; read by shards. */
    private volatile RoomList published = RoomList.EMPTY;
    /** Room loop thread only: a broadcast's recipients, reused so a tick allocates no list. */
    private final List<Session> recipients = new ArrayList<>();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder overQuota = new LongAdder();
    final LongAdder refusedTickets = new LongAdder();
    final LongAdder refusedSeats = new LongAdder();
    final LongAdder evicted = new LongAdder();
    final LongAdder listAnswers = new LongAdder();
    final LongAdder suspended = new LongAdder();
    final LongAdder resumed = new LongAdder();

    private final RoomMeters meters;
    /** The room directory's seats (claims before entering), or none: then a valid ticket alone enters. */
    private final DirectorySeats seats;

    @Inject
    RoomHandler(RoomServerConfig config, TicketSigner tickets, SessionManager sessions, MeterRegistry registry,
                MetricsSettings metrics, DirectorySeats seats) {
        this.seats = seats;
        this.sessions = sessions;
        this.tickets = tickets;
        this.settings = config.rooms();
        this.limits = config.limits();
        this.movesPerSecond = config.limits().movesPerTick() * config.tickHz();
        this.usedTickets = new UsedTickets(settings.usedTicketMemory());
        this.world = new RoomWorld<>(settings, new RoomEvents<>() {
            @Override
            public void broadcast(Room<Session> room, Message message, long exceptPlayerId) {
                RoomHandler.this.broadcast(room, message, exceptPlayerId);
            }

            @Override
            public void published(RoomList list) {
                published = list;
                seats.published(list);
            }
        });
        this.meters = new RoomMeters(registry, metrics);
        this.loop = new RoomLoop("room-loop", config.tickHz(), this::tick, meters);
        meters.watch(loop);
    }

    /** Room loop: one simulation step, then the counts the meters publish. */
    private void tick(long nowMs) {
        world.tick(nowMs);
        meters.census(world.roomCount(), world.seatedAtTick(), world.playerCount());
        seats.census(world.playerCount(), world.roomCount());
    }

    RoomMeters meters() {
        return meters;
    }

    RoomLoop loop() {
        return loop;
    }

    DirectorySeats seats() {
        return seats;
    }

    RoomWorld<Session> world() {
        return world;
    }

    UsedTickets usedTickets() {
        return usedTickets;
    }

    @Override
    public void register(HandlerRegistry.Builder on) {
        // Per-session limits (RoomLimits), decided on the shard from the frame header before decoding:
        // a flood is dropped, or answered ErrorReply{RATE_LIMITED} for a request, and never reaches the loop.
        Duration second = Duration.ofSeconds(1);
        on.requestDeferred(EnterRequest.class, (session, enter, requestId) -> enter(session, requestId, enter))
                .limit(limits.entersPerSecond(), second);
        on.requestDeferred(ReconnectRequest.class, (session, reconnect, requestId) -> reconnect(session, requestId, reconnect))
                .limit(limits.entersPerSecond(), second);
        on.request(ListRoomsRequest.class, this::listRooms).limit(limits.listPerSecond(), second);
        on.requestDeferred(CreateRoomRequest.class, (session, create, requestId) -> onLoop(session, requestId,
                player -> world.createRoom(player.playerId(), create.getName(), create.getCapacity(),
                        System.currentTimeMillis()))).limit(limits.roomChangesPerSecond(), second);
        on.requestDeferred(JoinRoomRequest.class, (session, join, requestId) -> onLoop(session, requestId,
                player -> world.join(player.playerId(), join.getRoomId()))).limit(limits.roomChangesPerSecond(), second);
        on.requestDeferred(LeaveRoomRequest.class, (session, leave, requestId) -> onLoop(session, requestId,
                player -> LeaveRoomResponse.newBuilder().setResult(world.leave(player.playerId())).build()))
                .limit(limits.roomChangesPerSecond(), second);
        on.message(MoveInput.class, (session, move) -> onLoop(session, 0, false, player -> {
            world.move(player.playerId(), move);
            return null;
        })).limit(movesPerSecond, second);
        on.message(ChatMessage.class, (session, chat) -> onLoop(session, 0, false, player -> {
            world.chat(player.playerId(), chat.getText(), chat.getClientSequence(), System.currentTimeMillis());
            return null;
        })).limit(limits.chatPerSecond(), second);
        // A suspended session keeps its seat and its player attribute: what the room sends it meanwhile
        // is kept by Gameport and delivered on resume, and nothing here changes. Only its close (the
        // grace period passed, or the client left) reaches the world, which starts the seat's own grace.
        on.onSuspend(session -> suspended.increment());
        on.onResume(session -> resumed.increment());
        on.onClose((session, reason) -> loop.execute(() -> {
            Long playerId = session.attribute(PLAYER_ID);
            if (playerId != null) {
                world.disconnected(playerId, session, System.currentTimeMillis());
            }
        }));
    }

    // ---- shard threads ----

    private void enter(Session session, int requestId, EnterRequest enter) {
        messagesIn.increment();
        TicketCheck check = tickets.verify(enter.getTicket().toByteArray());
        if (!check.valid()) {
            refusedTickets.increment();
            reply(session, requestId, EnterResponse.newBuilder().setResult(ticketRefusal(check)).build());
            return;
        }
        byte[] token = newToken();
        if (!seats.enabled()) {
            loop.execute(() -> entered(session, requestId, check.ticket(), token));
            return;
        }
        // With a directory the seat must have been reserved here for this player: claimed off the shard.
        seats.claim(check.ticket(), verdict -> {
            switch (verdict) {
                case SEATED -> loop.execute(() -> entered(session, requestId, check.ticket(), token));
                case NO_RESERVATION -> refuseEnter(session, requestId, RoomResult.ROOM_RESULT_NO_RESERVATION);
                default -> refuseEnter(session, requestId, RoomResult.ROOM_RESULT_SERVER_BUSY);
            }
        });
    }

    private void refuseEnter(Session session, int requestId, RoomResult refusal) {
        refusedSeats.increment();
        reply(session, requestId, EnterResponse.newBuilder().setResult(refusal).build());
    }

    private void reconnect(Session session, int requestId, ReconnectRequest reconnect) {
        messagesIn.increment();
        // The ticket only names the player here: it already entered once, and may have expired since.
        TicketCheck check = tickets.verify(reconnect.getTicket().toByteArray());
        if (check.status() == TicketCheck.Status.FORGED) {
            refusedTickets.increment();
            reply(session, requestId, ReconnectResponse.newBuilder().setResult(RoomResult.ROOM_RESULT_INVALID_TICKET).build());
            return;
        }
        byte[] presented = reconnect.getReconnectToken().toByteArray();
        byte[] token = newToken();
        loop.execute(() -> reconnected(session, requestId, check.ticket().playerId(), presented, token));
    }

    /** Answered here, from the loop's last published snapshot: a flood of list requests never reaches the loop. */
    private Message listRooms(Session session, ListRoomsRequest request) {
        messagesIn.increment();
        if (session.attribute(PLAYER_ID) == null) {
            return NOT_ENTERED;
        }
        listAnswers.increment();
        messagesOut.increment();
        return published.page(request.getAfterRoomId(), request.getLimit(), settings.listPageMax());
    }

    /**
     * Runs {@code action} on the loop for the session's player and sends what it returns (if
     * anything) with {@code requestId}. Before a successful enter, or once the seat has moved to
     * another connection, the answer is NOT_ENTERED; the enter may still be queued on the loop, so
     * the loop decides, in order.
     */
    private void onLoop(Session session, int requestId, Function<Player<Session>, Message> action) {
        onLoop(session, requestId, true, action);
    }

    private void onLoop(Session session, int requestId, boolean request, Function<Player<Session>, Message> action) {
        messagesIn.increment();
        loop.execute(() -> {
            Long playerId = session.attribute(PLAYER_ID);
            Player<Session> player = playerId == null ? null : world.playerAt(playerId, session);
            if (player == null) {
                // A request gets its answer; a message (chat, move) from a seatless session is dropped
                // unanswered, so a flood of them costs the server no replies.
                if (request) {
                    reply(session, requestId, NOT_ENTERED);
                }
                return;
            }
            Message response = action.apply(player);
            if (response != null) {
                reply(session, requestId, response);
            }
        });
    }

    private byte[] newToken() {
        byte[] token = new byte[RECONNECT_TOKEN_BYTES];
        random.nextBytes(token);
        return token;
    }

    private static RoomResult ticketRefusal(TicketCheck check) {
        return check.status() == TicketCheck.Status.EXPIRED ? RoomResult.ROOM_RESULT_TICKET_EXPIRED
                : RoomResult.ROOM_RESULT_INVALID_TICKET;
    }

    // ---- room loop thread ----

    private void entered(Session session, int requestId, Ticket ticket, byte[] token) {
        RoomResult refusal = null;
        if (session.attribute(PLAYER_ID) != null) {
            refusal = RoomResult.ROOM_RESULT_ALREADY_ENTERED;
        } else {
            switch (usedTickets.use(ticket.ticketId(), ticket.expiresAtMs(), System.currentTimeMillis())) {
                case ALREADY_USED:
                    refusal = RoomResult.ROOM_RESULT_TICKET_USED;
                    break;
                case FULL:
                    refusal = RoomResult.ROOM_RESULT_SERVER_BUSY;
                    break;
                case EXPIRED:
                    refusal = RoomResult.ROOM_RESULT_TICKET_EXPIRED;
                    break;
                default:
                    break;
            }
        }
        if (refusal == null) {
            RoomWorld.Entered<Session> entered = world.enter(ticket.playerId(), ticket.name(), ticket.generation(), token,
                    session);
            if (entered.accepted()) {
                seated(session, entered, "your seat was taken by a newer login of your account");
                reply(session, requestId, EnterResponse.newBuilder().setResult(RoomResult.ROOM_RESULT_OK)
                        .setPlayerId(entered.player().playerId()).setName(entered.player().name())
                        .setReconnectToken(ByteString.copyFrom(token)).setDirectoryRoomPrefix(seats.roomPrefix()).build());
                return;
            }
            refusal = RoomResult.ROOM_RESULT_STALE_LOGIN;
        }
        refusedSeats.increment();
        reply(session, requestId, EnterResponse.newBuilder().setResult(refusal).build());
    }

    private void reconnected(Session session, int requestId, long playerId, byte[] presented, byte[] token) {
        RoomResult refusal;
        if (session.attribute(PLAYER_ID) != null) {
            refusal = RoomResult.ROOM_RESULT_ALREADY_ENTERED;
        } else {
            RoomWorld.Entered<Session> entered = world.reconnect(playerId, presented, token, session);
            if (entered.accepted()) {
                seated(session, entered, "your seat was resumed by another connection holding its reconnect token");
                Player<Session> player = entered.player();
                ReconnectResponse.Builder response = ReconnectResponse.newBuilder().setResult(RoomResult.ROOM_RESULT_OK)
                        .setReconnectToken(ByteString.copyFrom(token));
                if (player.room() != null) {
                    response.setRoom(player.room().info()).setTick(player.room().tick());
                }
                reply(session, requestId, response.build());
                return;
            }
            refusal = entered.outcome() == RoomWorld.Entered.Outcome.NO_SEAT ? RoomResult.ROOM_RESULT_NO_SEAT
                    : RoomResult.ROOM_RESULT_BAD_RECONNECT_TOKEN;
        }
        refusedSeats.increment();
        reply(session, requestId, ReconnectResponse.newBuilder().setResult(refusal).build());
    }

    /** The seat is on {@code session} now; the connection it left (if any) is told why and closed. */
    private void seated(Session session, RoomWorld.Entered<Session> entered, String evictionReason) {
        session.attribute(PLAYER_ID, entered.player().playerId());
        session.markAuthenticated();
        Session previous = entered.replaced();
        if (previous != null && previous != session) {
            evicted.increment();
            SeatEviction.evict(previous, evictionReason);
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
