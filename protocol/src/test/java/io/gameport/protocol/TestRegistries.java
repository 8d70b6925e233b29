package io.gameport.protocol;

import io.gameport.protocol.testing.ArenaOuterClass;
import io.gameport.protocol.testing.StudioGame;

/** Registries the tests share: what this module ships, and that plus the test studio's files. */
final class TestRegistries {
    private TestRegistries() {
    }

    static MessageRegistry shipped() {
        return MessageRegistry.builder()
            .addFiles(ProtocolFiles.framework())
            .build();
    }

    static MessageRegistry withStudio() {
        return MessageRegistry.builder()
            .addFiles(ProtocolFiles.framework())
            .addFile(StudioGame.getDescriptor())
            .addFile(ArenaOuterClass.getDescriptor())
            .build();
    }
}
