package io.gameport.protocol;

import io.gameport.protocol.testing.ArenaOuterClass;
import io.gameport.protocol.testing.StudioGame;

/** Registries the tests share: everything shipped, plus the test studio's files. */
final class TestRegistries {
    private TestRegistries() {
    }

    static MessageRegistry shipped() {
        return MessageRegistry.builder()
            .addFiles(ProtocolFiles.framework())
            .addFiles(ProtocolFiles.sampleGame())
            .build();
    }

    static MessageRegistry withStudio() {
        return MessageRegistry.builder()
            .addFiles(ProtocolFiles.framework())
            .addFiles(ProtocolFiles.sampleGame())
            .addFile(StudioGame.getDescriptor())
            .addFile(ArenaOuterClass.getDescriptor())
            .build();
    }
}
