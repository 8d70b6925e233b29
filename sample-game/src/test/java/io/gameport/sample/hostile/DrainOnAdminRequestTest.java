package io.gameport.sample.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.DisconnectNotice;
import io.gameport.protocol.messages.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /admin/drain} on the metrics port drains a server process the way SIGTERM does
 * ({@link DrainOnSigtermTest}): absent without a token, refused without the right one, and with it
 * the room server stops accepting, answers not ready, tells its player, serves it until the
 * deadline, closes it with Disconnect{SHUTTING_DOWN} and exits 0 with no signal sent.
 */
@Timeout(180)
class DrainOnAdminRequestTest {

    private static final int PING = 1;
    private static final int PONG = 2;
    private static final int DISCONNECT = 4;
    private static final int DISCONNECT_NOTICE = 5;
    private static final int SESSION_RESUMABLE = 6;
    private static final int PAYLOAD_HEADER_BYTES = 6;
    private static final String TOKEN = "process-test-admin-token-0123456789";
    private static final Pattern METRICS = Pattern.compile("metrics on http://[^:]+:(\\d+)/metrics");
    /** Hang guard for a drained child's exit: its deadline plus a loaded machine's stop. */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private ServerProcess server;

    @AfterEach
    void kill() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withoutATokenThereIsNoAdminDrain() throws Exception {
        server = ServerProcess.roomServer(dir).args("--workers", "1", "--metrics-port", "0").start();
        URI drain = uri(server, "/admin/drain");
        assertEquals(404, post(drain, TOKEN).statusCode());
        assertEquals(200, get(uri(server, "/health/ready")).statusCode(), "nothing was drained");
        server.assertStopsCleanlyOnSigterm();
    }

    @Test
    void roomServerDrainedOverHttpServesItsPlayerUntilTheDeadlineThenExitsZero() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("admin-token"), TOKEN + "\n", StandardCharsets.UTF_8);
        // A long default: the drain below can only end at 3 s because the request asked for it.
        server = ServerProcess.roomServer(dir).jvm("-Xmx256m").args("--workers", "1", "--metrics-port", "0",
                "--admin-token-file", tokenFile.toString(), "--drain-seconds", "600").start();
        URI drain = uri(server, "/admin/drain");
        try (RawPeer player = RawPeer.connect(server.port())) {
            // The room server's sessions are resumable by default: its first frame carries the resume token.
            assertEquals(SESSION_RESUMABLE, ping(player, 1));
            assertEquals(PONG, messageId(player.readFrameSkippingAcks()), "the server has the session before the drain starts");

            assertEquals(401, post(drain, null).statusCode());
            assertEquals(401, post(drain, TOKEN.substring(1)).statusCode());
            assertEquals(200, get(uri(server, "/health/ready")).statusCode(), "a refused request drains nothing");

            HttpResponse<String> started = post(URI.create(drain + "?deadline_s=3"), TOKEN);
            assertEquals(202, started.statusCode(), started.body());
            assertEquals(3, JsonParser.parseString(started.body()).getAsJsonObject().get("deadline_s").getAsLong());

            byte[] notice = player.readFrameSkippingAcks();
            assertEquals(DISCONNECT_NOTICE, messageId(notice));
            DisconnectNotice parsed = DisconnectNotice.parseFrom(body(notice));
            assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, parsed.getCode());
            assertEquals(3000, parsed.getClosesInMs());
            assertEquals(io.gameport.sample.DrainableServer.SUGGESTED_RECONNECT_DELAY.toMillis(), parsed.getReconnectAfterMs());

            HttpResponse<String> ready = get(uri(server, "/health/ready"));
            assertEquals(503, ready.statusCode());
            JsonObject down = JsonParser.parseString(ready.body()).getAsJsonObject();
            assertEquals("draining", down.getAsJsonObject("reasons").get("room").getAsString(), ready.body());
            assertTrue(connectIsRefused(server.port()), "no new connection during the drain");
            assertEquals(PONG, ping(player, 2), "the player it has is still served during the drain");
            assertEquals(200, post(drain, TOKEN).statusCode(), "asking again is harmless");

            byte[] disconnect = player.readFrameSkippingAcks();
            assertEquals(DISCONNECT, messageId(disconnect));
            assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, Disconnect.parseFrom(body(disconnect)).getCode());
        }
        assertEquals(ServerProcess.DRAINED_EXIT_STATUS, server.awaitExit(EXIT_BOUND), "exit status after the drain");
        server.log().awaitLineContaining(Duration.ofSeconds(5), "room-server drained");
    }

    @Test
    void loginServerWithTheTokenInItsEnvironmentDrainsOverHttpAndExitsZero() throws Exception {
        server = ServerProcess.loginServer(dir, 7200).env("GAMEPORT_ADMIN_TOKEN", TOKEN)
                .args("--workers", "1", "--work-threads", "1", "--metrics-port", "0").start();
        assertEquals(200, get(uri(server, "/health/ready")).statusCode());
        HttpResponse<String> started = post(URI.create(uri(server, "/admin/drain") + "?deadline_s=0"), TOKEN);
        assertEquals(202, started.statusCode(), started.body());
        assertEquals(ServerProcess.DRAINED_EXIT_STATUS, server.awaitExit(EXIT_BOUND), "exit status after the drain");
        server.log().awaitLineContaining(Duration.ofSeconds(5), "login-server drained");
    }

    private static URI uri(ServerProcess server, String path) throws InterruptedException {
        String line = server.log().awaitLineContaining(Duration.ofSeconds(5), "listening on port");
        Matcher m = METRICS.matcher(line);
        assertTrue(m.find(), "the listening line names the metrics port: " + line);
        return URI.create("http://127.0.0.1:" + m.group(1) + path);
    }

    private static HttpResponse<String> post(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int ping(RawPeer player, int sequence) throws IOException {
        player.send(Frames.frame(ByteBuffer.allocate(PAYLOAD_HEADER_BYTES).putShort((short) PING).putInt(sequence).array()));
        return messageId(player.readFrameSkippingAcks());
    }

    private static int messageId(byte[] payload) {
        return ByteBuffer.wrap(payload).getShort() & 0xFFFF;
    }

    private static byte[] body(byte[] payload) {
        return Arrays.copyOfRange(payload, PAYLOAD_HEADER_BYTES, payload.length);
    }

    /** The listener's close is asynchronous: tries (bounded) until a connect is refused. */
    private static boolean connectIsRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                // A timeout or reset: not the refusal yet.
            }
            Thread.sleep(20);
        }
        return false;
    }
}
