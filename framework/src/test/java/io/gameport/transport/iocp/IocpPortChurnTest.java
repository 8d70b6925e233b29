package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gameport.transport.CompletionHandler;
import io.gameport.transport.Completions;
import io.gameport.transport.ErrorMetrics;
import io.gameport.transport.SocketSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many java.net clients at once against one port running an echo loop the way a worker would
 * (one receive armed and one send in flight per socket, partial sends resent, close on end of
 * stream or error). Clients echo-check their bytes, then close gracefully, reset, or vanish
 * mid-stream, chosen by a fixed seed. Checked after the churn: every socket's close completed
 * exactly once and last, nothing completed for a receive after it ended, the accept ended before
 * its listener's close, no packet was unknown, and every operation slot and port-owned socket was
 * released.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(120)
class IocpPortChurnTest {

    private static final int CLIENTS = 40;
    private static final long ACCEPT = -1;
    private static final long LISTENER_CLOSE = -2;
    private static final int RECEIVE = 0;
    private static final int SEND = 1;
    private static final int CLOSE = 2;

    /** The echo side of one accepted socket. Tokens carry its id, not the handle: a closed handle's value may be reused. */
    private static final class Echo {
        final long id;
        final long socket;
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        ByteBuffer[] inFlight;
        boolean receiveEnded;
        boolean closing;
        int closeCompletions;

        Echo(long id, long socket) {
            this.id = id;
            this.socket = socket;
        }
    }

    private static long token(long id, int kind) {
        return id * 4 + kind;
    }

    @ParameterizedTest
    @EnumSource(IocpReceiveMode.class)
    void echoUnderChurnReleasesEverythingAndClosesEachSocketOnce(IocpReceiveMode mode) throws Exception {
        ErrorMetrics metrics = new ErrorMetrics();
        try (IocpBackend backend = IocpBackend.open(SocketSettings.defaults(), metrics, IocpSettings.defaults().withReceiveMode(mode));
             IocpPort port = (IocpPort) backend.openPort()) {
            long listener = port.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            InetSocketAddress address = port.localAddress(listener);
            port.accept(listener, ACCEPT);

            ConcurrentLinkedQueue<String> clientFailures = new ConcurrentLinkedQueue<>();
            CountDownLatch clientsDone = new CountDownLatch(CLIENTS);
            AtomicInteger echoedClients = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                long seed = 1000L + i;
                Thread t = new Thread(() -> runClient(address, seed, clientFailures, clientsDone, echoedClients), "client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }

            Map<Long, Echo> open = new HashMap<>();
            long[] nextId = {1};
            List<Echo> closed = new ArrayList<>();
            List<String> violations = new ArrayList<>();
            boolean[] acceptEnded = {false};
            boolean[] listenerClosed = {false};
            CompletionHandler echo = (token, result, flags, data) -> {
                if (token == LISTENER_CLOSE) {
                    listenerClosed[0] = true;
                    if (!acceptEnded[0]) {
                        violations.add("the listener's close completed before its accept ended");
                    }
                    return;
                }
                if (token == ACCEPT) {
                    if (acceptEnded[0] || listenerClosed[0]) {
                        violations.add("accept completion after the accept ended: " + result);
                        return;
                    }
                    if (result < 0 || !Completions.more(flags)) {
                        acceptEnded[0] = true;
                        if (result != Completions.failure(995) || Completions.more(flags)) {
                            violations.add("accept ended otherwise than aborted by the listener's close: " + result);
                        }
                        return;
                    }
                    Echo e = new Echo(nextId[0]++, result);
                    open.put(e.id, e);
                    port.receive(e.socket, token(e.id, RECEIVE));
                    return;
                }
                long id = token / 4;
                int kind = (int) (token % 4);
                Echo e = open.get(id);
                if (e == null) {
                    violations.add("completion for connection " + id + " after its close completed (kind " + kind + ")");
                    return;
                }
                long socket = e.socket;
                switch (kind) {
                    case RECEIVE -> {
                        if (e.receiveEnded) {
                            violations.add("receive completion after the receive ended on " + socket);
                        }
                        if (result > 0) {
                            if (!Completions.more(flags)) {
                                violations.add("data without FLAG_MORE on " + socket);
                            }
                            ByteBuffer copy = ByteBuffer.allocateDirect((int) result).put(data).flip();
                            e.pending.add(copy);
                            sendNext(port, e);
                        } else {
                            e.receiveEnded = true;
                            if (Completions.more(flags)) {
                                violations.add("end of receive with FLAG_MORE on " + socket);
                            }
                            closeOnce(port, e);
                        }
                    }
                    case SEND -> {
                        ByteBuffer[] sent = e.inFlight;
                        e.inFlight = null;
                        if (result < 0) {
                            closeOnce(port, e);
                            return;
                        }
                        long left = result;
                        for (ByteBuffer b : sent) {
                            int take = (int) Math.min(left, b.remaining());
                            b.position(b.position() + take);
                            left -= take;
                        }
                        while (!e.pending.isEmpty() && !e.pending.peekFirst().hasRemaining()) {
                            e.pending.pollFirst();
                        }
                        sendNext(port, e);
                    }
                    case CLOSE -> {
                        e.closeCompletions++;
                        open.remove(id);
                        closed.add(e);
                    }
                    default -> violations.add("unknown token " + token);
                }
            };

            // Blocking polls as a worker does; the waker lets the loop re-check its exit condition and deadline.
            ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "churn-waker");
                t.setDaemon(true);
                return t;
            });
            waker.scheduleAtFixedRate(port::wakeup, 20, 20, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (clientsDone.getCount() > 0 || !open.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    fail("churn did not settle: " + clientsDone.getCount() + " clients running, " + open.size()
                            + " sockets open, failures " + clientFailures);
                }
                port.poll(echo, true);
            }
            // A client that reset right after connecting may still be in the backlog: whether AcceptEx
            // hands it over or fails it is the kernel's choice. Close the listener and keep serving
            // until its accept ended and every socket it still delivered was closed.
            port.closeListener(listener, LISTENER_CLOSE);
            while (!listenerClosed[0] || !acceptEnded[0] || !open.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    fail("listener close did not settle: " + open.size() + " sockets open");
                }
                port.poll(echo, true);
            }
            waker.shutdownNow();
            for (Thread t : threads) {
                t.join(10_000);
            }

            assertTrue(clientFailures.isEmpty(), clientFailures.toString());
            assertTrue(violations.isEmpty(), violations.toString());
            assertEquals(nextId[0] - 1, closed.size(), "every accepted socket was closed");
            assertTrue(closed.size() >= echoedClients.get(), "every client that got an echo was accepted");
            for (Echo e : closed) {
                assertEquals(1, e.closeCompletions);
                assertFalse(e.inFlight != null, "no send left in flight on " + e.socket);
            }
            assertEquals(0, port.unknownPackets());
            assertEquals(0, port.operationsInFlight());
            assertEquals(0, port.ownedSocketsOpen());
            assertEquals(0, port.socketsKnown());
        }
    }

    private static void sendNext(IocpPort port, Echo e) {
        if (e.inFlight != null || e.pending.isEmpty() || e.closing) {
            return;
        }
        e.inFlight = e.pending.toArray(new ByteBuffer[0]);
        port.send(e.socket, e.inFlight, 0, e.inFlight.length, token(e.id, SEND));
    }

    private static void closeOnce(IocpPort port, Echo e) {
        if (!e.closing) {
            e.closing = true;
            port.close(e.socket, token(e.id, CLOSE));
        }
    }

    /** One client: a few echo round trips of random sizes, then a graceful close, a reset, or a vanish mid-message. */
    private static void runClient(InetSocketAddress address, long seed, ConcurrentLinkedQueue<String> failures,
                                  CountDownLatch done, AtomicInteger echoed) {
        Random random = new Random(seed);
        int ending = random.nextInt(3);
        try (Socket socket = new Socket()) {
            socket.connect(address, 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int messages = 1 + random.nextInt(12);
            for (int m = 0; m < messages; m++) {
                byte[] message = new byte[1 + random.nextInt(random.nextBoolean() ? 200 : 40_000)];
                random.nextBytes(message);
                out.write(message);
                if (ending == 2 && m == messages - 1) {
                    socket.setSoLinger(true, 0);
                    return; // vanish with a reset while our last message may still be echoing
                }
                byte[] echoedBytes = in.readNBytes(message.length);
                if (!Arrays.equals(message, echoedBytes)) {
                    failures.add("client " + seed + ": echo mismatch in message " + m);
                    return;
                }
                if (m == 0) {
                    echoed.incrementAndGet();
                }
            }
            if (ending == 0) {
                socket.shutdownOutput();
                if (in.read() != -1) {
                    failures.add("client " + seed + ": data after the echo instead of the server's FIN");
                }
            } else {
                socket.setSoLinger(true, 0); // close with RST
            }
        } catch (IOException e) {
            failures.add("client " + seed + ": " + e);
        } finally {
            done.countDown();
        }
    }
}
