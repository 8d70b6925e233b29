package io.gameport.server;

import io.gameport.dispatch.DispatchSettings;
import io.gameport.handler.HandlerSettings;
import io.gameport.log.PeerLogs;
import io.gameport.net.TransportSettings;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.session.SessionSettings;
import io.gameport.settings.Records;
import io.gameport.settings.Require;
import io.gameport.tls.TlsSettings;

/**
 * Every setting of a {@link GameServer}, in one immutable tree. Each section is the settings
 * record of the part that uses it, and nothing else sets those values: the Guice modules only
 * provide the sections of the tree they are given. Start from {@link #defaults()} and replace
 * what differs:
 *
 * <pre>{@code
 * GameServerSettings settings = GameServerSettings.defaults()
 *         .withTransport(TransportSettings.defaults().withWorkers(2)
 *                 .withSendQuota(SendQuotaSettings.defaults().withPolicy(SendQuotaPolicy.DROP)))
 *         .withDispatch(DispatchSettings.defaults().withShards(4))
 *         .withSessions(SessionSettings.defaults().withAuthDeadlineMs(10_000));
 * }</pre>
 *
 * <p>Every record validates its own fields on construction (the message names the setting and
 * the bad value, e.g. {@code TransportSettings.workers must be in 1..256, was 0}); the checks
 * between sections are made here, so an inconsistent tree fails where it is built. The one check
 * made later is against the JVM itself: whether the send quota's global cap and the workers'
 * chunk pools fit the direct-memory limit, when the transport starts.
 *
 * @param transport             backend (with its io_uring and IOCP settings), I/O workers, sockets,
 *                              connection caps, partial-frame budget, send quota
 * @param protocol              the one maximum frame size of the server (64 KiB by default), the
 *                              Protobuf nesting limit
 * @param dispatch              shards, ring sizes, wait strategy, the large-frame budget
 * @param handlers              unhandled-message and protocol-error policies, per-session inbound limits
 * @param sessions              heartbeat, idle timeout, authentication deadline, disconnect linger
 * @param tls                   the TLS settings the server's certificate is served with, or null (the
 *                              default) for plaintext; set, the server needs its certificate and key
 *                              ({@link GameServerBuilder#tls(io.gameport.tls.KeyMaterial)})
 * @param peerLogLinesPerSecond lines each kind of log line a peer can provoke (bad frame headers,
 *                              malformed frames, unhandled messages, refused connections, ...)
 *                              may write per second, in the transport, dispatch and sessions alike;
 *                              the rest are counted and summarised
 */
public record GameServerSettings(TransportSettings transport, ProtocolSettings protocol, DispatchSettings dispatch,
                                 HandlerSettings handlers, SessionSettings sessions, TlsSettings tls,
                                 int peerLogLinesPerSecond) {

    public GameServerSettings {
        Require.set("GameServerSettings.transport", transport);
        Require.set("GameServerSettings.protocol", protocol);
        Require.set("GameServerSettings.dispatch", dispatch);
        Require.set("GameServerSettings.handlers", handlers);
        Require.set("GameServerSettings.sessions", sessions);
        Require.atLeast("GameServerSettings.peerLogLinesPerSecond", peerLogLinesPerSecond, 1);
        transport.checkFrameFits(protocol.maxFrameBytes());
        checkLargeFrameBudget(protocol, dispatch);
    }

    /** The defaults of every section; plaintext; {@value PeerLogs#DEFAULT_LINES_PER_SECOND} peer-log lines a second per kind. */
    public static GameServerSettings defaults() {
        return new GameServerSettings(TransportSettings.defaults(), ProtocolSettings.defaults(), DispatchSettings.defaults(),
                HandlerSettings.defaults(), SessionSettings.defaults(), null, PeerLogs.DEFAULT_LINES_PER_SECOND);
    }

    /** A session must be able to have at least one frame of the largest size waiting, or a legal frame would close it. */
    private static void checkLargeFrameBudget(ProtocolSettings protocol, DispatchSettings dispatch) {
        if (protocol.maxFrameBytes() > dispatch.retainedEventBytes()
                && protocol.maxFrameBytes() > dispatch.maxLargeFrameBytesPerSession()) {
            throw new IllegalArgumentException("DispatchSettings.maxLargeFrameBytesPerSession (" + dispatch.maxLargeFrameBytesPerSession()
                    + ") must be >= ProtocolSettings.maxFrameBytes (" + protocol.maxFrameBytes()
                    + "): a frame of the maximum size would close its session");
        }
    }

    public GameServerSettings withTransport(TransportSettings value) {
        return Records.with(this, "transport", value);
    }

    public GameServerSettings withProtocol(ProtocolSettings value) {
        return Records.with(this, "protocol", value);
    }

    public GameServerSettings withDispatch(DispatchSettings value) {
        return Records.with(this, "dispatch", value);
    }

    public GameServerSettings withHandlers(HandlerSettings value) {
        return Records.with(this, "handlers", value);
    }

    public GameServerSettings withSessions(SessionSettings value) {
        return Records.with(this, "sessions", value);
    }

    /** null: plaintext. */
    public GameServerSettings withTls(TlsSettings value) {
        return Records.with(this, "tls", value);
    }

    public GameServerSettings withPeerLogLinesPerSecond(int value) {
        return Records.with(this, "peerLogLinesPerSecond", value);
    }
}
