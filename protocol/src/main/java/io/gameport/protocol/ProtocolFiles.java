package io.gameport.protocol;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.gameport.protocol.messages.FrameworkProto;
import java.util.List;

/**
 * The .proto files this module ships, to hand to {@link MessageRegistry.Builder#addFiles}.
 *
 * <p>Message id ranges: 1-99 framework ({@code gameport/framework.proto}), 1000-65535 free for a
 * studio's own files. A studio compiles its files in its own module, importing
 * {@code gameport/options.proto} from this module's jar.
 */
public final class ProtocolFiles {
    private ProtocolFiles() {
    }

    /** Heartbeat, error reply and disconnect notice: every Gameport server registers these. */
    public static List<FileDescriptor> framework() {
        return List.of(FrameworkProto.getDescriptor());
    }
}
