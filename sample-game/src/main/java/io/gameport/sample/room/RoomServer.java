package io.gameport.sample.room;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.LimitMetrics;
import io.gameport.handler.LimitScope;
import io.gameport.handler.OverLimit;
import io.gameport.metrics.MetricsModule;
import io.gameport.sample.link.SampleServerModule;
import io.gameport.sample.messages.RoomProto;
import io.gameport.sample.metrics.LatencyHistogram;
import io.gameport.sample.ticket.TicketSigner;
import io.gameport.server.GameServer;
import io.gameport.session.ResumeSettings;
import io.gameport.session.SessionSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The room server: a Gameport {@link GameServer} built by Guice from {@link SampleServerModule}
 * with the {@link RoomHandler} group, which checks tickets on the dispatch shards and hands the
 * game to the {@link RoomLoop}, the single thread that owns the {@link RoomWorld} and ticks it
 * at a fixed rate. It speaks only the room messages. Start with {@link #start}, stop with
 * {@link #close}. Accessors are thread-safe.
 */
public final class RoomServer implements io.gameport.sample.DrainableServer {

    /** How long {@link #close} lets the server flush what is already queued. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

    private final GameServer server;
    private final RoomHandler handler;
    private final RoomLoop loop;
    private final LimitMetrics limits;

    private RoomServer(GameServer server, RoomHandler handler, LimitMetrics limits) {
        this.server = server;
        this.handler = handler;
        this.limits = limits;
        this.loop = handler.loop();
    }

    public static RoomServer start(RoomServerConfig config) throws IOException {
        return start(config, null);
    }

    /** With {@code tls}, tickets and game traffic cross the network encrypted; null is plaintext. */
    public static RoomServer start(RoomServerConfig config, io.gameport.tls.TlsContext tls) throws IOException {
        return start(config, tls, new MetricsModule());
    }

    /** As above, reporting its meters where {@code metrics} says (tagged server=room by the sample's commands). */
    public static RoomServer start(RoomServerConfig config, io.gameport.tls.TlsContext tls, MetricsModule metrics)
            throws IOException {
        return start(config, tls, metrics, null);
    }

    /**
     * As above, registered in a room directory ({@code directory} null: standalone, as before): the
     * server reports its load and rooms there and seats only players whose ticket names a seat
     * reserved for it (see {@link DirectorySeats}).
     */
    public static RoomServer start(RoomServerConfig config, io.gameport.tls.TlsContext tls, MetricsModule metrics,
            RoomDirectoryLink directory) throws IOException {
        DirectorySeats seats = DirectorySeats.of(directory);
        // Tickets are only verified here, never issued: the lifetime argument is unused.
        TicketSigner tickets = new TicketSigner(config.ticketSecret(), 1, Clock.systemUTC());
        Injector injector = Guice.createInjector(
                new SampleServerModule(config.bind(), config.transport(), HandlerSettings.defaults(),
                        List.of(RoomProto.getDescriptor()), RoomHandler.class)
                        .withSessionSettings(SessionSettings.defaults().withAuthDeadlineMs(config.authDeadlineMs())
                                .withResume(resumeSettings(config)))
                        .withMetrics(metrics),
                binder -> {
                    binder.bind(RoomServerConfig.class).toInstance(config);
                    binder.bind(TicketSigner.class).toInstance(tickets);
                    binder.bind(DirectorySeats.class).toInstance(seats);
                });
        GameServer server = injector.getInstance(GameServer.class);
        RoomServer rooms = new RoomServer(server, injector.getInstance(RoomHandler.class),
                injector.getInstance(LimitMetrics.class));
        try {
            server.useTls(tls).start();
        } catch (IOException | RuntimeException e) {
            rooms.handler.meters().close();
            seats.close();
            throw e;
        }
        rooms.loop.start();
        seats.start(server.port());
        return rooms;
    }

    /**
     * Resumption as the config asks: the tokens' key is made at start-up (a session does not
     * outlive the process, so neither need its tokens), and name this server "gameport-room".
     */
    private static ResumeSettings resumeSettings(RoomServerConfig config) {
        if (config.resumeGraceMs() == 0) {
            return ResumeSettings.defaults();
        }
        return ResumeSettings.defaults().withEnabled(true).withGraceMs(config.resumeGraceMs()).withServerId("gameport-room");
    }

    public int port() {
        return server.port();
    }

    /** Listening and not draining: the server takes new players (what {@code /health/ready} reports). */
    public boolean isReady() {
        return server.isReady();
    }

    /**
     * Why the server takes no new players now, or null: the game server's reason (not listening,
     * draining), or, with a room directory, not registered there (yet, or no more: superseded).
     */
    @Override
    public String notReadyReason() {
        String reason = server.notReadyReason();
        if (reason == null && handler.seats().enabled() && !handler.seats().registered()) {
            return "not registered in the room directory";
        }
        return reason;
    }

    public String backendName() {
        return server.backendName();
    }

    /** How late ticks started against their fixed schedule. */
    public LatencyHistogram tickLateness() {
        return loop.tickLateness();
    }

    public long ticks() {
        return loop.ticks();
    }

    /** Messages handed to the room's handlers. */
    public long messagesIn() {
        return handler.messagesIn.sum();
    }

    /** Frames queued to clients: responses and broadcasts (a broadcast to 50 members counts 50). */
    public long messagesOut() {
        return handler.messagesOut.sum();
    }

    /** Sends refused by the send quota (the slow client was handled by the configured policy). */
    public long overQuota() {
        return handler.overQuota.sum();
    }

    /** Frames stopped by the declared per-type limits and the per-session frame and byte limits (on the shards). */
    public long rateLimited() {
        return limits.limitedTotal();
    }

    /** Frames stopped by one scope of limits: the declared per-type ones, or the session's frame or byte bucket. */
    public long rateLimited(LimitScope scope) {
        long total = 0;
        for (OverLimit policy : OverLimit.values()) {
            total += limits.limited(scope, policy);
        }
        return total;
    }

    /** Enters and reconnects refused for a forged or expired ticket (on the shards). */
    public long refusedTickets() {
        return handler.refusedTickets.sum();
    }

    /** Enters and reconnects refused on the loop: ticket used, stale login, no seat, wrong token, connection already entered. */
    public long refusedSeats() {
        return handler.refusedSeats.sum();
    }

    /** Connections let go because their seat moved to another (told why, then closed). */
    public long evictions() {
        return handler.evicted.sum();
    }

    /**
     * Numbered moves and chat lines that skipped a number (sent by a client, never seen here):
     * with resumable sessions a dropped connection loses none, so the chaos soak expects 0.
     */
    public long inputsLost() {
        return handler.world().inputsLost();
    }

    /** Numbered moves and chat lines seen twice from one player: with resumable sessions, 0. */
    public long inputsRepeated() {
        return handler.world().inputsRepeated();
    }

    /** Sessions whose connection dropped and that were kept for their client to resume. */
    public long sessionsSuspended() {
        return handler.suspended.sum();
    }

    /** Suspended sessions their client resumed on a new connection (the seat never moved). */
    public long sessionsResumed() {
        return handler.resumed.sum();
    }

    /** ListRooms answered from the published snapshot (on the shards, never on the loop). */
    public long listAnswers() {
        return handler.listAnswers.sum();
    }

    /**
     * Runs {@code command} on the room loop, after what is queued (operator tools; tests hold the
     * loop with it to show what does not wait for it).
     */
    public void onRoomLoop(Runnable command) {
        loop.execute(command);
    }

    /** Commands, ticks or handlers that threw; a correct server keeps this at zero. */
    public long failures() {
        return loop.failedCommands() + server.dispatcher().metrics().handlerErrors();
    }

    /** The server's id in the room directory ("" without one). */
    public String serverId() {
        return handler.seats().serverId();
    }

    /** With a room directory: registered now (false before the first registration, or once superseded). */
    public boolean registered() {
        return handler.seats().registered();
    }

    /** Enters let in after claiming their reservation in the room directory. */
    public long claimedSeats() {
        return handler.seats().claimed.sum();
    }

    /** Enters refused ROOM_RESULT_NO_RESERVATION: no reservation for this player on this server (or it expired). */
    public long refusedReservations() {
        return handler.seats().noReservation.sum();
    }

    /** Enters refused ROOM_RESULT_SERVER_BUSY because the directory could not be asked (down, not registered, pool full). */
    public long busyClaims() {
        return handler.seats().busy.sum();
    }

    /**
     * Marks the server draining in the room directory at once (no new rooms or players are placed
     * here), then the rooms keep ticking and serving their players until they leave or the deadline
     * passes; {@link #close} deregisters.
     */
    @Override
    public java.util.concurrent.CompletableFuture<Boolean> drain(java.time.Duration deadline) {
        handler.seats().drain();
        return server.drain(deadline, SUGGESTED_RECONNECT_DELAY);
    }

    /**
     * Stops the room loop first (no more ticks, so what is queued can drain), then the server:
     * it flushes what is queued, within a deadline, and closes every session.
     */
    @Override
    public void close() {
        // Deregistered first: from now on nobody is placed here.
        handler.seats().close();
        loop.close();
        server.stop(STOP_DEADLINE);
        handler.meters().close();
    }
}
