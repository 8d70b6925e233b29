package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.inject.Guice;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.dispatch.FrameProcessor;
import io.gameport.dispatch.WaitStrategyKind;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.MessageDispatcher;
import io.gameport.handler.MessageMeters;
import io.gameport.handler.OverLimit;
import io.gameport.handler.UnhandledPolicy;
import io.gameport.log.PeerLogs;
import io.gameport.net.SendQuotaPolicy;
import io.gameport.net.SendQuotaSettings;
import io.gameport.net.TransportSettings;
import io.gameport.net.WorkerGroup;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.FrameCodec;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.session.SessionSettings;
import io.gameport.settings.Records;
import io.gameport.tls.ClientAuth;
import io.gameport.tls.TestCertificates;
import io.gameport.tls.TlsContext;
import io.gameport.tls.TlsSettings;
import io.gameport.transport.Backend;
import io.gameport.transport.CompletionBackend;
import io.gameport.transport.SocketSettings;
import io.gameport.transport.iocp.IocpBackend;
import io.gameport.transport.iocp.IocpReceiveMode;
import io.gameport.transport.iocp.IocpSettings;
import io.gameport.transport.iouring.IoUringBackend;
import io.gameport.transport.iouring.IoUringSettings;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every setting given to a server reaches the component that uses it, read back from the built
 * components, on both ways of building one (the builder and the Guice modules). The settings
 * here differ from the defaults in every field, which {@link #theGivenSettingsDifferFromTheDefaultsInEveryField}
 * checks, so a field added to the tree without a way to the component using it fails here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SettingsReachComponentsTest {

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    private static final TestCertificates.Issued CERTIFICATE = TestCertificates.localhost();
    /** The defaults of workers and shards are the core count. */
    private static final int NOT_THE_CORE_COUNT = Runtime.getRuntime().availableProcessors() == 2 ? 3 : 2;

    static final GameServerSettings GIVEN = new GameServerSettings(
            new TransportSettings(WINDOWS ? Backend.IOCP : Backend.IO_URING,
                    new IoUringSettings(256, 1024, 256, 8 * 1024, 32, 50, IoUringSettings.TaskRunMode.COOP_TASKRUN),
                    new IocpSettings(IocpReceiveMode.POSTED_BUFFERS, 32 * 1024, 16, 8 * 1024, 4, false, 64, 32_768, 2, 32, 10),
                    new SocketSettings(false, 64 * 1024, 64 * 1024),
                    NOT_THE_CORE_COUNT, 77, 8 * 1024, 16L << 20, 500, 50, 600_000, 5_000,
                    new SendQuotaSettings(1_000, 8L << 20, 32L << 20, SendQuotaPolicy.REJECT)),
            new ProtocolSettings(48 * 1024, 16),
            new DispatchSettings(NOT_THE_CORE_COUNT, 1024, WaitStrategyKind.PARKING, 512, 2L << 20, 16L << 20),
            new HandlerSettings(UnhandledPolicy.IGNORE, false, 5, 500, 512 * 1024, OverLimit.DROP, true),
            new SessionSettings(30_000, 5_000, 500, 20_000, 1_500,
                    new io.gameport.session.ResumeSettings(true, 12_000, 8, 50, 600_000, "given-server", "a-secret-of-the-test-suite")),
            new TlsSettings(List.of(TlsSettings.TLS13, TlsSettings.TLS12), List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"),
                    "gameport-test", ClientAuth.OPTIONAL, false, 5_000, 500, 3, 64 * 1024),
            7);

    /** What the injector built, read by field injection. */
    static final class Built {
        @Inject
        FrameProcessor processor;
        @Inject
        FrameCodec<Envelope> codec;
        @Inject
        PeerLogs peerLogs;
        @Inject
        MessageMeters messageMeters;
    }

    @Test
    void everySettingGivenToTheBuilderReachesTheComponentThatUsesIt() throws Exception {
        Built built = new Built();
        GameServer server = GameServer.builder()
                .settings(GIVEN)
                .host("127.0.0.1")
                .listen(0)
                .tls(CERTIFICATE.material(), CERTIFICATE.asRoot())
                .modules(binder -> binder.requestInjection(built))
                .start();
        try {
            assertEveryComponentSees(server, built);
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void everySettingGivenToTheGuiceModuleReachesTheComponentThatUsesIt() throws Exception {
        Built built = new Built();
        GameServer server = Guice.createInjector(new GameServerModule(GIVEN, new InetSocketAddress("127.0.0.1", 0)),
                binder -> binder.requestInjection(built)).getInstance(GameServer.class);
        try (TlsContext tls = TlsContext.server(GIVEN.tls(), CERTIFICATE.material(), CERTIFICATE.asRoot())) {
            server.useTls(tls).start();
            try {
                assertEveryComponentSees(server, built);
            } finally {
                server.stop(Duration.ofSeconds(5));
            }
        }
    }

    private static void assertEveryComponentSees(GameServer server, Built built) {
        assertSame(GIVEN, server.settings());
        WorkerGroup workers = server.transport().workers();
        assertEquals(GIVEN.transport(), workers.settings(), "the transport's workers");
        assertEquals(GIVEN.transport().workers(), workers.workerCount());
        assertEquals(GIVEN.transport().sendQuota(), server.sendQuota().settings(), "the send quota");
        assertEquals(GIVEN.protocol().maxFrameBytes(), workers.maxFrameBytes(), "the frame decoders' maximum");
        assertEquals(GIVEN.protocol(), assertInstanceOf(MessageCodec.class, built.codec).settings(), "the codec");
        assertEquals(GIVEN.dispatch(), server.dispatcher().settings(), "the dispatcher");
        MessageDispatcher dispatcher = assertInstanceOf(MessageDispatcher.class, built.processor);
        assertEquals(GIVEN.handlers(), dispatcher.settings(), "the message dispatcher");
        assertSame(built.messageMeters, dispatcher.messageMeters(), "the dispatcher records into the server's meters per type");
        assertTrue(built.messageMeters.isOn(), "the meters per message type");
        assertEquals(GIVEN.sessions(), server.idleMonitor().settings(), "the idle monitor");
        assertEquals(GIVEN.sessions().disconnectLingerMs(), server.sessions().disconnectLingerMs(), "the session manager");
        assertEquals(GIVEN.sessions().resume(), server.sessions().resumption().settings(), "the sessions' resumption");
        assertEquals(GIVEN.tls(), workers.tlsContext().settings(), "the TLS context of every connection");
        assertEquals(GIVEN.peerLogLinesPerSecond(), built.peerLogs.linesPerSecond(), "the dispatch stage's peer logs");
        assertSame(built.peerLogs, workers.peerLogs(), "the transport logs at the same rate, on the same clock");
        assertBackendSees(workers.backend());
    }

    /** The settings of the backend that runs reach it; io_uring off Linux or refused by the kernel has nothing to check. */
    private static void assertBackendSees(CompletionBackend backend) {
        if (backend instanceof IoUringBackend ioUring) {
            assertEquals(GIVEN.transport().ioUring(), ioUring.settings());
            assertEquals(GIVEN.transport().socket(), ioUring.options());
        } else if (backend instanceof IocpBackend iocp) {
            assertEquals(GIVEN.transport().iocp(), iocp.settings());
            assertEquals(GIVEN.transport().socket(), iocp.options());
        } else {
            assumeTrue(false, "the backend asked for did not run here (" + backend.name() + " instead)");
        }
    }

    @Test
    void theGivenSettingsDifferFromTheDefaultsInEveryField() {
        assertDiffersEverywhere("GameServerSettings", GameServerSettings.defaults().withTls(TlsSettings.defaults()), GIVEN);
    }

    /** Walks both trees: every leaf (a value that is not a settings record) must differ. */
    private static void assertDiffersEverywhere(String path, Record defaults, Record given) {
        for (var component : given.getClass().getRecordComponents()) {
            Object defaultValue = Records.read(component, defaults);
            Object givenValue = Records.read(component, given);
            String name = path + "." + component.getName();
            if (givenValue instanceof Record nested) {
                assertDiffersEverywhere(name, (Record) defaultValue, nested);
            } else if (givenValue == null) {
                fail(name + " is not given");
            } else {
                assertNotEquals(defaultValue, givenValue, name + " is its default: the test would not see it dropped");
            }
        }
    }
}
