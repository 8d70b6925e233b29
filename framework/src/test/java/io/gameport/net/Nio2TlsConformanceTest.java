package io.gameport.net;

/** The conformance suite over TLS on NIO2: every frame crosses the TLS stage both ways. */
class Nio2TlsConformanceTest extends Nio2ConformanceTest {

    @Override
    boolean overTls() {
        return true;
    }
}
