package io.gameport.net;

import io.gameport.tls.TlsContext;
import java.io.IOException;

/** The conformance suite over TLS on io_uring: every frame crosses the TLS stage both ways. */
class IoUringTlsConformanceTest extends IoUringConformanceTest {

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
