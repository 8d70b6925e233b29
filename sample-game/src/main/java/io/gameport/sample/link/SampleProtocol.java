package io.gameport.sample.link;

import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.MessageRegistry;
import io.gameport.protocol.ProtocolFiles;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.sample.messages.LoginProto;
import io.gameport.sample.messages.RoomProto;

/**
 * The sample game's message registry and codec for clients (bots, tests): the framework's
 * messages plus login (100-199, {@code gameport/sample/login.proto}) and room (200-299,
 * {@code gameport/sample/room.proto}), both compiled in this module. The servers get theirs from
 * Gameport's {@code CodecModule}, each with only its own .proto file (see {@link SampleServerModule}).
 */
public final class SampleProtocol {

    private SampleProtocol() {
    }

    /** A codec over every sample message; immutable and thread-safe, so one instance is shared. */
    public static MessageCodec codec() {
        MessageRegistry registry = MessageRegistry.builder()
                .addFiles(ProtocolFiles.framework())
                .addFile(LoginProto.getDescriptor())
                .addFile(RoomProto.getDescriptor())
                .build();
        return new MessageCodec(registry, ProtocolSettings.defaults());
    }
}
