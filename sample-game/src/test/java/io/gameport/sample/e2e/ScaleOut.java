package io.gameport.sample.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gameport.net.TransportClient;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.sample.account.AccountStoreConfig;
import io.gameport.sample.directory.RoomDirectory;
import io.gameport.sample.login.LoginServer;
import io.gameport.sample.login.LoginServerConfig;
import io.gameport.sample.messages.EnterRequest;
import io.gameport.sample.messages.EnterResponse;
import io.gameport.sample.messages.LoginRequest;
import io.gameport.sample.messages.LoginResponse;
import io.gameport.sample.messages.LoginResult;
import io.gameport.sample.messages.RegisterRequest;
import io.gameport.sample.messages.RegisterResponse;
import io.gameport.metrics.MetricsModule;
import io.gameport.sample.room.RoomDirectoryLink;
import io.gameport.sample.room.RoomServer;
import io.gameport.sample.room.RoomServerConfig;
import io.gameport.sample.room.RoomSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A login server and K room servers in this JVM behind one room directory, each server seeing it
 * through its own {@link CuttableDirectory} (so a test can cut one process off), and scripted
 * clients that log in and enter where they are sent.
 */
final class ScaleOut implements AutoCloseable {

    static final byte[] SECRET = "scale-out-test-secret-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    final RoomDirectory directory;
    final CuttableDirectory loginLink;
    final List<CuttableDirectory> roomLinks = new ArrayList<>();
    final List<RoomServer> rooms = new ArrayList<>();
    final LoginServer login;
    final TransportClient client;
    private final TransportSettings transport = TransportSettings.defaults().withWorkers(1);

    /** {@code directories} gives each process its own client of the shared directory (Redis: one connection pool each). */
    ScaleOut(Path dir, RoomDirectory directory, java.util.function.Supplier<RoomDirectory> perProcess, int roomServers,
            int capacity) throws Exception {
        this.directory = directory;
        try {
            for (int i = 0; i < roomServers; i++) {
                CuttableDirectory link = new CuttableDirectory(perProcess.get());
                roomLinks.add(link);
                rooms.add(RoomServer.start(new RoomServerConfig(new InetSocketAddress("127.0.0.1", 0), transport, 20,
                        RoomSettings.defaults().withReconnectGraceMs(30_000), SECRET), null, new MetricsModule(),
                        new RoomDirectoryLink(link, "room-" + (char) ('a' + i), "127.0.0.1", 0, capacity)));
            }
            loginLink = new CuttableDirectory(perProcess.get());
            login = LoginServer.start(new LoginServerConfig(new InetSocketAddress("127.0.0.1", 0), transport,
                    AccountStoreConfig.defaults().withJdbcUrl("jdbc:h2:" + dir.resolve("accounts")).withHashIterations(1_000),
                    4, 256, SECRET, 60_000, 1_000_000, 1_000_000, "127.0.0.1", 1), null, new MetricsModule(), loginLink);
            client = new TransportClient(transport, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
        awaitTrue("every room server registered", () -> liveServers() == roomServers);
    }

    int liveServers() {
        var servers = directory.servers();
        return servers.isOk() ? servers.value().size() : -1;
    }

    /** The room server listening on {@code port}. */
    RoomServer roomAt(int port) {
        for (RoomServer room : rooms) {
            if (room.port() == port) {
                return room;
            }
        }
        throw new AssertionError("no room server on port " + port);
    }

    void register(String name) throws Exception {
        try (TestClient c = new TestClient(client, login.port())) {
            RegisterResponse registered = c.request(RegisterRequest.newBuilder().setName(name).setPassword("pw-" + name).build(),
                    RegisterResponse.class);
            assertEquals(LoginResult.LOGIN_RESULT_OK, registered.getResult(), name);
        }
    }

    LoginResponse login(String name, String room) throws Exception {
        try (TestClient c = new TestClient(client, login.port())) {
            return c.request(LoginRequest.newBuilder().setName(name).setPassword("pw-" + name).setRoom(room).build(),
                    LoginResponse.class);
        }
    }

    /** Enters where the login sent the player; the caller checks the answer. */
    Entered enter(LoginResponse ticket) throws Exception {
        TestClient c = new TestClient(client, ticket.getRoomServerPort());
        EnterResponse entered = c.request(EnterRequest.newBuilder().setTicket(ticket.getTicket()).build(), EnterResponse.class);
        c.reconnectToken = entered.getReconnectToken();
        return new Entered(c, entered, ticket.getRoomServerPort());
    }

    record Entered(TestClient client, EnterResponse response, int port) {
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (login != null) {
            login.close();
        }
        for (RoomServer room : rooms) {
            room.close();
        }
    }
}
