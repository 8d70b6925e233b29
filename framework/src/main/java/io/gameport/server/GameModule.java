package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.gameport.handler.MessageHandlers;
import java.util.List;
import java.util.Objects;

/**
 * A game's part of a server on the Guice path: its handler group and the .proto files of the
 * messages it speaks, registered together. Install one per handler group beside the
 * {@link GameServerModule}:
 *
 * <pre>{@code
 * Guice.createInjector(new GameServerModule(settings, address),
 *         GameModule.handlers(RoomHandlers.class, RoomProto.getDescriptor()));
 * }</pre>
 *
 * A frame of a message type no installed file declares is a protocol error for the server.
 */
public final class GameModule extends AbstractModule {

    private final List<FileDescriptor> protocol;
    private final MessageHandlers instance;
    private final Class<? extends MessageHandlers> type;

    private GameModule(List<FileDescriptor> protocol, MessageHandlers instance, Class<? extends MessageHandlers> type) {
        this.protocol = List.copyOf(protocol);
        this.instance = instance;
        this.type = type;
    }

    /** A handler group already built, and the files of the messages it speaks. */
    public static GameModule handlers(MessageHandlers handlers, FileDescriptor... protocol) {
        return new GameModule(List.of(protocol), Objects.requireNonNull(handlers, "handlers"), null);
    }

    /** A handler group Guice builds, injecting what its constructor asks for (bind that in another module). */
    public static GameModule handlers(Class<? extends MessageHandlers> handlers, FileDescriptor... protocol) {
        return new GameModule(List.of(protocol), null, Objects.requireNonNull(handlers, "handlers"));
    }

    /** Messages alone: files whose messages the server speaks without a handler of their own here. */
    public static GameModule protocol(FileDescriptor... files) {
        return new GameModule(List.of(files), null, null);
    }

    @Override
    protected void configure() {
        for (FileDescriptor file : protocol) {
            CodecModule.protocolFiles(binder()).addBinding().toInstance(file);
        }
        if (instance != null) {
            DispatchModule.handlers(binder()).addBinding().toInstance(instance);
        } else if (type != null) {
            DispatchModule.handlers(binder()).addBinding().to(type);
        }
    }
}
