package io.gameport.net;

/** The conformance suite over TLS on IOCP (Windows, and Wine: .ci/run-iocp-tests): every frame crosses the TLS stage both ways. */
@org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.WINDOWS)
class IocpTlsConformanceTest extends IocpConformanceTest {

    @Override
    boolean overTls() {
        return true;
    }
}
