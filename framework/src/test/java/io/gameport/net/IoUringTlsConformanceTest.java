package io.gameport.net;

/** The conformance suite over TLS on io_uring: every frame crosses the TLS stage both ways. */
class IoUringTlsConformanceTest extends IoUringConformanceTest {

    @Override
    boolean overTls() {
        return true;
    }
}
