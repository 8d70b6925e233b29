package io.gameport.session;

import io.gameport.transport.Backend;

/** Resumable sessions on the portable NIO2 backend. */
class Nio2ResumableSessionTest extends ResumableSessionTest {

    @Override
    Backend backend() {
        return Backend.NIO2;
    }
}
