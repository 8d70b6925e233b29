package io.gameport.protocol;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.gameport.protocol.messages.FrameworkProto;
import io.gameport.protocol.sample.LoginProto;
import io.gameport.protocol.sample.RoomProto;
import java.util.List;

/**
 * The .proto files this module ships, to hand to {@link MessageRegistry.Builder#addFiles}.
 *
 * <p>Message id ranges: 1-99 framework ({@code gameport/framework.proto}), 100-199 sample
 * login ({@code gameport/sample/login.proto}), 200-299 sample room
 * ({@code gameport/sample/room.proto}), 1000-65535 free for a studio's own files.
 */
public final class ProtocolFiles {
    private ProtocolFiles() {
    }

    /** Heartbeat, error reply and disconnect notice: every Gameport server registers these. */
    public static List<FileDescriptor> framework() {
        return List.of(FrameworkProto.getDescriptor());
    }

    /** The sample game's login and room messages. */
    public static List<FileDescriptor> sampleGame() {
        return List.of(LoginProto.getDescriptor(), RoomProto.getDescriptor());
    }
}
