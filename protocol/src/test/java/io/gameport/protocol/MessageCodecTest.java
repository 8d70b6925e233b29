package io.gameport.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.testing.StudioGame.ChatBroadcast;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.protocol.testing.StudioGame.MatchInfo;
import io.gameport.protocol.testing.StudioGame.Position;
import io.gameport.protocol.testing.StudioGame.TickState;
import io.gameport.protocol.testing.StudioGame.Tree;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageRegistry registry = TestRegistries.withStudio();
    private final MessageCodec codec = new MessageCodec(registry, ProtocolSettings.defaults());

    @Test
    void roundTripsEveryRegisteredTypeWithEveryFieldSet() throws Exception {
        assertTrue(registry.types().size() >= 20, "registry should hold the framework's and the studio's types");
        int requestId = 0;
        for (MessageType type : registry.types()) {
            DynamicMessage populated = PopulatedMessages.populated(type.descriptor());
            for (IntFunction<ByteBuffer> allocator : java.util.List.<IntFunction<ByteBuffer>>of(
                    ByteBuffer::allocate, ByteBuffer::allocateDirect)) {
                requestId = requestId == 0 ? -1 : requestId + 7; // -1 is request id 0xFFFFFFFF
                int length = codec.encodedLength(populated);
                ByteBuffer frame = allocator.apply(length);
                codec.encode(populated, requestId, frame);
                assertEquals(length, frame.position(), type + ": encodedLength must equal the bytes written");
                frame.flip();

                Envelope decoded = codec.decode(frame);

                assertEquals(type.id(), decoded.messageId(), type.toString());
                assertEquals(requestId, decoded.requestId(), type.toString());
                assertSame(type.javaClass(), decoded.message().getClass(), type.toString());
                assertEquals(populated, DynamicMessage.parseFrom(type.descriptor(), decoded.message().toByteString()),
                    type.toString());
                assertEveryFieldSet(decoded.message());
                assertEquals(0, frame.position(), "decode must leave the frame's position alone");
                assertEquals(length, frame.limit(), "decode must leave the frame's limit alone");
            }
        }
    }

    private static void assertEveryFieldSet(Message message) {
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (!PopulatedMessages.isSetWhenPopulated(field)) {
                continue;
            }
            boolean set = field.isRepeated() ? message.getRepeatedFieldCount(field) == 2 : message.hasField(field);
            assertTrue(set, message.getDescriptorForType().getFullName() + "." + field.getName() + " was not round-tripped");
        }
    }

    @Test
    void roundTripsAnEmptyBodyAndNoRequestId() throws ProtocolException {
        Envelope decoded = codec.decode(codec.encode(Ping.getDefaultInstance(), MessageHeader.NO_REQUEST));
        assertEquals(1, decoded.messageId());
        assertFalse(decoded.isRequest());
        assertEquals(Ping.getDefaultInstance(), decoded.message());
    }

    @Test
    void writesHeaderThenBodyByteByByte() {
        Ping ping = Ping.newBuilder().setNonce(5).build();
        ByteBuffer payload = codec.encode(ping, 0x01020304);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        assertArrayEquals(new byte[] {0, 1, 1, 2, 3, 4, 0x08, 5}, bytes);
    }

    @Test
    void encodesTheFrameOfThePackageJavadocExample() {
        ByteBuffer frame = codec.encodeFrame(Ping.newBuilder().setNonce(5).build(), 0x01020304);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        assertArrayEquals(new byte[] {0, 0, 0, 8, 0, 1, 1, 2, 3, 4, 0x08, 5}, bytes);
    }

    @Test
    void decodesAFrameInTheMiddleOfALargerBuffer() throws ProtocolException {
        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
            buffer.put(new byte[] {9, 9, 9});
            ChatLine chat = ChatLine.newBuilder().setText("gg").build();
            codec.encode(chat, 77, buffer);
            int end = buffer.position();
            buffer.put(new byte[] {9, 9}); // bytes of the next frame must not be read
            buffer.position(3).limit(end);
            Envelope decoded = codec.decode(buffer);
            assertEquals(chat, decoded.message());
            assertEquals(77, decoded.requestId());
            assertEquals(3, buffer.position());
            assertEquals(end, buffer.limit());
        }
    }

    @Test
    void decodesReadOnlyBuffers() throws ProtocolException {
        ChatLine chat = ChatLine.newBuilder().setText("read only").build();
        ByteBuffer heap = codec.encode(chat, 1).asReadOnlyBuffer();
        assertEquals(chat, codec.decode(heap).message());
        assertEquals(0, heap.position());
    }

    @Test
    void encodesABroadcastOnceIntoASharedReadOnlyFrame() throws ProtocolException {
        ChatBroadcast chat = ChatBroadcast.newBuilder().setFromPlayerId(3).setText("hello match").build();
        ByteBuffer shared = codec.encodeShared(chat, MessageHeader.NO_REQUEST);
        assertTrue(shared.isReadOnly());
        assertEquals(Frames.LENGTH_PREFIX_BYTES + codec.encodedLength(chat), shared.remaining());
        for (int recipient = 0; recipient < 3; recipient++) {
            ByteBuffer send = shared.duplicate();
            int length = Frames.readLength(send, 0, codec.settings().maxFrameBytes());
            send.position(Frames.LENGTH_PREFIX_BYTES);
            assertEquals(length, send.remaining());
            assertEquals(chat, codec.decode(send).message());
            send.position(send.limit()); // a sender consuming its view leaves the others untouched
        }
        assertEquals(0, shared.position());
    }

    @Test
    void encodeFrameAddsTheLengthPrefix() {
        TickState tick = TickState.newBuilder().setTick(9)
            .addPositions(Position.newBuilder().setPlayerId(1).setX(1.5f).setY(-2f)).build();
        ByteBuffer frame = codec.encodeFrame(tick, 0);
        assertEquals(codec.encodedLength(tick), frame.getInt(0));
        assertEquals(1041, MessageHeader.messageId(frame, Frames.LENGTH_PREFIX_BYTES));
    }

    @Test
    void encodeWritesNothingWhenTheBufferIsTooSmall() {
        ChatLine chat = ChatLine.newBuilder().setText("too long for the buffer").build();
        ByteBuffer small = ByteBuffer.allocate(codec.encodedLength(chat) - 1);
        assertThrows(BufferOverflowException.class, () -> codec.encode(chat, 1, small));
        assertEquals(0, small.position());
        assertArrayEquals(new byte[small.capacity()], small.array());
    }

    @Test
    void refusesToEncodeUnregisteredTypesMismatchedIdsAndOversizedMessages() {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(MatchInfo.getDefaultInstance(), 0));
        assertThrows(IllegalArgumentException.class,
            () -> codec.encode(new Envelope(2, 0, Ping.getDefaultInstance()), ByteBuffer.allocate(64)));
        MessageCodec small = new MessageCodec(registry, ProtocolSettings.defaults().withMaxFrameBytes(32));
        ChatLine big = ChatLine.newBuilder().setText("x".repeat(40)).build();
        assertThrows(IllegalArgumentException.class, () -> small.encode(big, 0));
    }

    @Test
    void rejectsFramesShorterThanTheHeader() {
        for (int length = 0; length < MessageHeader.LENGTH; length++) {
            assertRejected(ProtocolError.TRUNCATED_HEADER, codec, new byte[length]);
        }
    }

    @Test
    void rejectsUnknownMessageIds() {
        assertRejected(ProtocolError.UNKNOWN_MESSAGE_ID, codec, new byte[] {0, 0, 0, 0, 0, 0});
        assertRejected(ProtocolError.UNKNOWN_MESSAGE_ID, codec, new byte[] {0, 99, 0, 0, 0, 1, 0x08, 1});
        assertRejected(ProtocolError.UNKNOWN_MESSAGE_ID, codec, new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0});
    }

    @Test
    void rejectsBodiesThatAreNotValidProtobufForTheirType() {
        byte[] ping = {0, 1, 0, 0, 0, 0};
        byte[] chat = {0x04, 0x06, 0, 0, 0, 0}; // ChatLine, id 1030
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(ping, 0x08, 0x80)); // varint cut short
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(ping, 0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
            0x80, 0x80, 0x80, 0x80, 0x01)); // varint longer than 10 bytes
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(ping, 0x0F)); // wire type 7 does not exist
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(ping, 0x00)); // tag 0 is invalid
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(ping, 0x0B)); // group never closed
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(ping, 0x08, 0x01, 0x0C, 0x08, 0x02)); // stray END_GROUP hides trailing bytes
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(chat, 0x0A, 0x02, 0xC3, 0x28)); // invalid UTF-8
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(chat, 0x0A, 0x7F, 'a')); // string past the body
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(chat, 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07)); // claims 2 GiB
        assertRejected(ProtocolError.MALFORMED_BODY, codec, concat(chat, 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)); // negative length
    }

    @Test
    void malformedBodyKeepsTheParserErrorAsCauseAndNamesTheType() {
        ProtocolException e = assertRejected(ProtocolError.MALFORMED_BODY, codec,
            new byte[] {0x04, 0x06, 0, 0, 0, 0, 0x0A, 0x7F}); // ChatLine, id 1030
        assertInstanceOf(InvalidProtocolBufferException.class, e.getCause());
        assertTrue(e.getMessage().contains("studio.game.ChatLine"), e.getMessage());
        assertTrue(e.getMessage().contains("1030"), e.getMessage());
    }

    @Test
    void rejectsNestingDeeperThanTheRecursionLimit() throws ProtocolException {
        Tree shallow = nest(10);
        assertEquals(shallow, codec.decode(codec.encode(shallow, 0)).message());

        Tree deep = nest(ProtocolSettings.DEFAULT_RECURSION_LIMIT + 5);
        ByteBuffer payload = codec.encode(deep, 0);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        assertRejected(ProtocolError.MALFORMED_BODY, codec, bytes);
    }

    private static Tree nest(int depth) {
        Tree tree = Tree.newBuilder().setLabel("leaf").setBlob(ByteString.copyFromUtf8("b")).build();
        for (int i = 0; i < depth; i++) {
            tree = Tree.newBuilder().setLabel("level " + i).addChildren(tree).build();
        }
        return tree;
    }

    @Test
    void rejectsFramesLargerThanTheMaximumBeforeReadingThem() {
        MessageCodec small = new MessageCodec(registry, ProtocolSettings.defaults().withMaxFrameBytes(16));
        byte[] frame = new byte[17];
        frame[1] = 1; // a Ping header: the size alone decides
        assertRejected(ProtocolError.FRAME_TOO_LARGE, small, frame);
    }

    static ProtocolException assertRejected(ProtocolError expected, MessageCodec codec, byte[] frame) {
        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.wrap(frame), direct(frame)}) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(buffer),
                () -> "expected " + expected + " for " + java.util.HexFormat.of().formatHex(frame));
            assertEquals(expected, e.error(), e.getMessage());
            assertEquals(0, buffer.position());
            assertEquals(frame.length, buffer.limit());
            if (buffer.isDirect()) {
                return e;
            }
        }
        throw new AssertionError("unreachable");
    }

    static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes);
        return buffer.flip();
    }

    private static byte[] concat(byte[] header, int... body) {
        byte[] frame = java.util.Arrays.copyOf(header, header.length + body.length);
        for (int i = 0; i < body.length; i++) {
            frame[header.length + i] = (byte) body[i];
        }
        return frame;
    }
}
