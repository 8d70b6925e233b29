package io.gameport.server;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.FrameCodec;
import io.gameport.protocol.MessageCodec;
import io.gameport.protocol.MessageRegistry;
import io.gameport.protocol.ProtocolFiles;
import io.gameport.protocol.ProtocolSettings;
import io.gameport.session.CodecMessageEncoder;
import io.gameport.session.MessageEncoder;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Binds the wire protocol: the protocol's section of the {@link GameServerSettings}, the
 * {@link MessageRegistry} (the framework's messages plus every file a {@link GameModule} adds),
 * the {@code FrameCodec<Envelope>} every frame is decoded and encoded with ({@link MessageCodec}),
 * and the {@link MessageEncoder} sessions send through. Override the {@code FrameCodec<Envelope>}
 * binding to change the codec.
 */
final class CodecModule extends AbstractModule {

    /** The set {@link GameModule} adds a game's .proto files to. */
    static Multibinder<FileDescriptor> protocolFiles(Binder binder) {
        return Multibinder.newSetBinder(binder, FileDescriptor.class).permitDuplicates();
    }

    @Override
    protected void configure() {
        protocolFiles(binder());
        bind(MessageEncoder.class).to(CodecMessageEncoder.class);
    }

    @Provides
    @Singleton
    ProtocolSettings protocolSettings(GameServerSettings settings) {
        return settings.protocol();
    }

    @Provides
    @Singleton
    MessageRegistry messageRegistry(Set<FileDescriptor> files) {
        return MessageRegistry.builder().addFiles(ProtocolFiles.framework()).addFiles(files).build();
    }

    @Provides
    @Singleton
    FrameCodec<Envelope> frameCodec(MessageRegistry registry, ProtocolSettings protocol) {
        return new MessageCodec(registry, protocol);
    }
}
