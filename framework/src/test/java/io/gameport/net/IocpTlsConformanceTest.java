package io.gameport.net;

import io.gameport.tls.TlsContext;
import java.io.IOException;

/** The conformance suite over TLS on IOCP (Windows, and Wine: .ci/run-iocp-tests): every frame crosses the TLS stage both ways. */
@org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.WINDOWS)
class IocpTlsConformanceTest extends IocpConformanceTest {

    @Override
    TlsContext serverTls() {
        return TlsConformanceSupport.SERVER;
    }

    @Override
    FrameClient client(int port) throws IOException {
        return new FrameClient(port, TlsConformanceSupport.SOCKETS);
    }

    @Override
    byte[] cutOffBytes() {
        return TlsConformanceSupport.CUT_OFF_RECORD;
    }

    @Override
    TransportClient transportClient(TransportConfig config) throws IOException {
        return new TransportClient(config, new io.gameport.transport.ErrorMetrics(), TlsConformanceSupport.CLIENT);
    }
}
