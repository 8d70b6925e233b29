package io.gameport.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.FrameworkProto;
import io.gameport.protocol.messages.OptionsProto;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.testing.ArenaOuterClass;
import io.gameport.protocol.testing.DuplicateProto;
import io.gameport.protocol.testing.PingClone;
import io.gameport.protocol.testing.StudioGame;
import io.gameport.protocol.testing.StudioGame.ChatBroadcast;
import io.gameport.protocol.testing.StudioGame.MatchInfo;
import io.gameport.protocol.testing.StudioGame.SignInRequest;
import io.gameport.protocol.testing.StudioGame.TickState;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRegistryTest {
    private final MessageRegistry registry = TestRegistries.withStudio();

    @Test
    void looksUpTypesByIdAndIdsByType() {
        assertEquals(Ping.class, registry.forId(1).javaClass());
        assertEquals(Pong.class, registry.forId(2).javaClass());
        assertEquals(ErrorReply.class, registry.forId(3).javaClass());
        assertEquals(SignInRequest.class, registry.forId(1020).javaClass());
        assertEquals(TickState.class, registry.forId(1041).javaClass());
        assertEquals(1, registry.idOf(Ping.getDefaultInstance()));
        assertEquals(1040, registry.idOf(ChatBroadcast.newBuilder().setText("hi").build()));
        assertSame(registry.forId(1040), registry.forDescriptor(ChatBroadcast.getDescriptor()));
        for (MessageType type : registry.types()) {
            assertSame(type, registry.forId(type.id()));
            assertSame(type, registry.forDescriptor(type.descriptor()));
            assertEquals(type.id(), registry.idOf(type.defaultInstance()));
            assertSame(type.defaultInstance().getParserForType(), type.parser());
        }
    }

    @Test
    void answersNullForIdsNoTypeCarries() {
        assertNull(registry.forId(0));
        assertNull(registry.forId(-1));
        assertNull(registry.forId(99));
        assertNull(registry.forId(65_535));
        assertNull(registry.forId(Integer.MAX_VALUE));
        assertNull(registry.forDescriptor(MatchInfo.getDescriptor()));
        assertThrows(IllegalArgumentException.class, () -> registry.idOf(MatchInfo.getDefaultInstance()));
    }

    @Test
    void shipsOnlyTheFrameworksMessagesInTheFrameworksIdRange() {
        MessageRegistry shipped = TestRegistries.shipped();
        assertEquals(FrameworkProto.getDescriptor().getMessageTypes().size(), shipped.types().size());
        for (MessageType type : shipped.types()) {
            assertSame(FrameworkProto.getDescriptor(), type.descriptor().getFile(), type.toString());
            assertTrue(type.id() >= 1 && type.id() <= 99, type + " outside 1..99");
        }
    }

    @Test
    void registersEveryMessageThatDeclaresAnIdAndSkipsBuildingBlocks() {
        int declared = 0;
        for (FileDescriptor file : List.of(FrameworkProto.getDescriptor(), StudioGame.getDescriptor(),
                ArenaOuterClass.getDescriptor())) {
            declared += declaredIds(file.getMessageTypes());
        }
        assertEquals(declared, registry.types().size());
        assertEquals(9 + 17 + 1, registry.types().size());
    }

    /** Messages with an id among {@code messages} and the types nested in them. */
    private static int declaredIds(List<Descriptor> messages) {
        int declared = 0;
        for (Descriptor message : messages) {
            if (MessageRegistry.declaredId(message) != 0) {
                declared++;
            }
            declared += declaredIds(message.getNestedTypes());
        }
        return declared;
    }

    @Test
    void rejectsADuplicateIdNamingBothTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageRegistry.builder()
            .addFiles(ProtocolFiles.framework())
            .addFile(DuplicateProto.getDescriptor())
            .build());
        assertTrue(e.getMessage().contains("duplicate message id 1"), e.getMessage());
        assertTrue(e.getMessage().contains("gameport.Ping"), e.getMessage());
        assertTrue(e.getMessage().contains("studio.duplicate.PingClone"), e.getMessage());
    }

    @Test
    void rejectsIdsTheHeaderCannotCarry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MessageRegistry.builder().addFile(io.gameport.protocol.testing.OutOfRangeProto.getDescriptor()).build());
        assertTrue(e.getMessage().contains("studio.range.TooHigh has id 70000"), e.getMessage());
    }

    @Test
    void rejectsAMessageWithoutAnIdWhenRegisteredOnItsOwn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MessageRegistry.builder().addMessage(MatchInfo.getDefaultInstance()));
        assertTrue(e.getMessage().contains("studio.game.MatchInfo"), e.getMessage());
        assertTrue(e.getMessage().contains("msg_id"), e.getMessage());
    }

    @Test
    void registersSingleMessagesAndToleratesAddingATypeTwice() {
        MessageRegistry small = MessageRegistry.builder()
            .addMessage(PingClone.getDefaultInstance())
            .addMessage(PingClone.getDefaultInstance())
            .addMessage(Pong.getDefaultInstance())
            .build();
        assertEquals(2, small.types().size());
        assertEquals(PingClone.class, small.forId(1).javaClass());
    }

    @Test
    void findsGeneratedClassesOfAStudioFileByProtocNamingRules() {
        MessageRegistry studio = MessageRegistry.builder()
            .addFile(StudioGame.getDescriptor())
            .addFile(ArenaOuterClass.getDescriptor())
            .build();
        assertEquals(StudioGame.Score.class, studio.forId(1000).javaClass());
        assertEquals(StudioGame.Score.Entry.class, studio.forId(1001).javaClass());
        assertEquals(StudioGame.Tree.class, studio.forId(1002).javaClass());
        assertEquals(StudioGame.ChatLine.class, studio.forId(1030).javaClass());
        assertEquals(ArenaOuterClass.Arena.class, studio.forId(1010).javaClass());
        assertEquals(17 + 1, studio.types().size());
    }

    @Test
    void readsTheIdOfDescriptorsBuiltAtRunTimeWithoutTheExtensionRegistry() throws Exception {
        FileDescriptorProto proto = StudioGame.getDescriptor().toProto();
        FileDescriptor rebuilt = FileDescriptor.buildFrom(proto,
            new FileDescriptor[] {OptionsProto.getDescriptor()});
        Descriptor chat = rebuilt.findMessageTypeByName("ChatBroadcast");
        assertEquals(1040, MessageRegistry.declaredId(chat));
        assertEquals(0, MessageRegistry.declaredId(rebuilt.findMessageTypeByName("MatchInfo")));
    }

    @Test
    void rejectsAFileWhoseClassesCannotBeFound() throws Exception {
        FileDescriptorProto proto = FileDescriptorProto.newBuilder(StudioGame.getDescriptor().toProto())
            .setName("elsewhere/studio_game.proto")
            .build();
        FileDescriptor runtimeOnly = FileDescriptor.buildFrom(proto,
            new FileDescriptor[] {OptionsProto.getDescriptor()});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MessageRegistry.builder().addFile(runtimeOnly));
        assertTrue(e.getMessage().contains("cannot find the generated Java class"), e.getMessage());
    }
}
