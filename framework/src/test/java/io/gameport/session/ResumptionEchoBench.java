package io.gameport.session;

import io.gameport.net.TransportSettings;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.testing.StudioGame.ChatBroadcast;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.server.GameServerSettings;
import io.gameport.testing.ServerFixture;
import io.gameport.transport.Backend;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The dispatch echo with resumption off and on, in one process: a game server on one I/O worker
 * and one shard answers every {@code ChatLine} with a {@code ChatBroadcast} (one-way in, push out:
 * each message crosses the I/O worker, the ring, the shard and the send path), and blocking
 * clients keep a window of messages in flight; with resumption on they also acknowledge every 32
 * frames as {@code GameClient} does. Prints messages per second and the server threads' CPU time
 * per message (I/O worker and shard, from {@link ThreadMXBean}), alternating off and on.
 * Not a test: run by hand (framework/PERFORMANCE.md has the command).
 */
public final class ResumptionEchoBench {

    private static final int CONNECTIONS = 16;
    private static final int WINDOW = 8;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        for (int round = 1; round <= rounds; round++) {
            for (boolean resume : new boolean[] {false, true}) {
                double[] result = run(resume, seconds);
                System.out.printf("round %d resumption %-3s  %,.0f msg/s  server CPU %.2f us/msg%n", round, resume ? "on" : "off",
                        result[0], result[1]);
            }
        }
        System.exit(0);
    }

    private static double[] run(boolean resume, int seconds) throws Exception {
        GameServerSettings settings = GameServerSettings.defaults()
                .withTransport(TransportSettings.defaults().withBackend(Backend.AUTO).withWorkers(1))
                .withDispatch(io.gameport.dispatch.DispatchSettings.defaults().withShards(1))
                .withHandlers(io.gameport.handler.HandlerSettings.defaults().withMaxFramesPerSecond(0).withMaxBytesPerSecond(0))
                .withSessions(SessionSettings.defaults().withResume(ResumeSettings.defaults().withEnabled(resume)));
        try (ServerFixture fixture = new ServerFixture(on -> on.message(ChatLine.class,
                (session, chat) -> session.send(ChatBroadcast.newBuilder().setClientSequence(chat.getClientSequence()).build())),
                settings)) {
            LongAdder echoed = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Thread t = new Thread(() -> client(fixture.port(), resume, running, echoed), "bench-client-" + c);
                t.setDaemon(true);
                t.start();
                clients.add(t);
            }
            Thread.sleep(3_000);
            long cpu0 = serverCpu();
            long n0 = echoed.sum();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            long cpu1 = serverCpu();
            long n1 = echoed.sum();
            long t1 = System.nanoTime();
            running.set(false);
            for (Thread t : clients) {
                t.join(5_000);
            }
            long messages = n1 - n0;
            return new double[] {messages * 1e9 / (t1 - t0), (cpu1 - cpu0) / 1e3 / messages};
        }
    }

    private static void client(int port, boolean resume, AtomicBoolean running, LongAdder echoed) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            byte[] chat = payload(ChatLine.newBuilder().setClientSequence(1).setText("0123456789abcdef0123456789abcdef").build(), 1030);
            long received = 0;
            for (int i = 0; i < WINDOW; i++) {
                frame(out, chat);
            }
            out.flush();
            while (running.get()) {
                int length = in.readInt();
                int id = in.readUnsignedShort();
                in.skipNBytes(length - 2);
                if (id >= 6 && id <= 9) {
                    continue;   // the resumption's control frames: not counted
                }
                received++;
                echoed.increment();
                if (resume && received % 32 == 0) {
                    frame(out, ack(received));
                }
                frame(out, chat);
                out.flush();
            }
        } catch (Exception e) {
            if (running.get()) {
                e.printStackTrace();
            }
        }
    }

    private static byte[] payload(com.google.protobuf.Message message, int id) {
        byte[] body = message.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(MessageHeader.LENGTH + body.length);
        b.putShort((short) id).putInt(0).put(body);
        return b.array();
    }

    private static byte[] ack(long received) {
        ByteBuffer b = AckFrames.encode(ByteBuffer.allocate(32), received);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static void frame(DataOutputStream out, byte[] payload) throws java.io.IOException {
        out.writeInt(payload.length);
        out.write(payload);
    }

    /** CPU time of the server's I/O worker and shard threads, in nanoseconds. */
    private static long serverCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("gameport-io-") || info.getThreadName().startsWith("gameport-shard-"))) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
