package io.gameport.chaos;

import io.gameport.transport.Backend;

/** {@link SeededDropsResumeTest} on NIO2 (seeds 1303, 1304). */
class Nio2SeededDropsResumeTest extends SeededDropsResumeTest {

    @Override
    Backend backend() {
        return Backend.NIO2;
    }

    @Override
    long firstSeed() {
        return 1303;
    }
}
