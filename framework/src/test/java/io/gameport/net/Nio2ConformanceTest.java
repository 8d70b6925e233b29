package io.gameport.net;

/** The conformance suite on the portable NIO2 backend. */
class Nio2ConformanceTest extends TransportConformanceTest {
    @Override
    String backend() {
        return "nio2";
    }
}
