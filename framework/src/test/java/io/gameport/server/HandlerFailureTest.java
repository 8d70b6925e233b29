package io.gameport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.client.ErrorReplyException;
import io.gameport.client.GameClient;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.handler.HandlerSettings;
import io.gameport.handler.UnhandledPolicy;
import io.gameport.net.CloseReason;
import io.gameport.protocol.ProtocolError;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.sample.CreateRoomRequest;
import io.gameport.protocol.sample.CreateRoomResponse;
import io.gameport.protocol.sample.ListRoomsRequest;
import io.gameport.protocol.sample.ListRoomsResponse;
import io.gameport.protocol.sample.RoomResult;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerFailureTest {

    private static final DispatchModule ONE_SHARD =
            new DispatchModule(DispatchSettings.defaults().withShards(1), HandlerSettings.defaults());

    private static ServerFixture roomServer(DispatchModule dispatch) throws Exception {
        return new ServerFixture(on -> on.request(CreateRoomRequest.class, (session, request) -> {
            if (request.getName().equals("boom")) {
                throw new IllegalStateException("handler bug on purpose");
            }
            return CreateRoomResponse.newBuilder().setResult(RoomResult.ROOM_RESULT_OK).build();
        }), dispatch);
    }

    @Test
    void handlerThatThrowsIsCountedAnsweredWithInternalErrorAndTheShardHandlesTheNextMessage() throws Exception {
        try (ServerFixture fixture = roomServer(ONE_SHARD)) {
            GameClient client = fixture.client();
            GameClient other = fixture.client();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> client.request(
                    CreateRoomRequest.newBuilder().setName("boom").build(), CreateRoomResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS));
            assertInstanceOf(ErrorReplyException.class, failure.getCause());
            assertEquals(ErrorCode.ERROR_CODE_INTERNAL_ERROR, ((ErrorReplyException) failure.getCause()).code());
            assertEquals(1, fixture.server.dispatcher().metrics().handlerErrors());

            // Same session, then another session on the same (only) shard: both still handled.
            CreateRoomResponse again = client.request(CreateRoomRequest.newBuilder().setName("ok").build(),
                    CreateRoomResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertEquals(RoomResult.ROOM_RESULT_OK, again.getResult());
            CreateRoomResponse fromOther = other.request(CreateRoomRequest.newBuilder().setName("ok").build(),
                    CreateRoomResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertEquals(RoomResult.ROOM_RESULT_OK, fromOther.getResult());
            assertTrue(client.isOpen());
            assertEquals(0, fixture.server.dispatcher().metrics().processorFailures());
        }
    }

    @Test
    void unhandledMessageTypeIsCountedAndAnsweredWithUnknownMessageByDefault() throws Exception {
        try (ServerFixture fixture = roomServer(ONE_SHARD)) {
            GameClient client = fixture.client();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> client.request(
                    ListRoomsRequest.getDefaultInstance(), ListRoomsResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS));
            assertEquals(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, ((ErrorReplyException) failure.getCause()).code());
            assertEquals(1, fixture.server.dispatcher().metrics().unhandledMessages());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void unhandledMessageTypeClosesTheSessionWhenThePolicySaysClose() throws Exception {
        DispatchModule closing = new DispatchModule(DispatchSettings.defaults().withShards(1),
                new HandlerSettings(UnhandledPolicy.CLOSE, true));
        try (ServerFixture fixture = roomServer(closing)) {
            RawClient client = fixture.raw();
            client.write(ListRoomsRequest.getDefaultInstance(), 7);
            client.flush();
            assertTrue(client.closedByServer());
            assertEquals(1, fixture.server.dispatcher().metrics().unhandledMessages());
        }
    }

    @Test
    void undecodableFrameIsCountedByKindAndClosesOnlyThatSession() throws Exception {
        try (ServerFixture fixture = roomServer(ONE_SHARD)) {
            GameClient bystander = fixture.client();
            RawClient unknownId = fixture.raw();
            byte[] header = {(byte) 0xFF, (byte) 0xF0, 0, 0, 0, 0};
            unknownId.writeFrame(header, 0, header.length);
            unknownId.flush();
            assertTrue(unknownId.closedByServer());

            RawClient truncated = fixture.raw();
            truncated.writeFrame(new byte[] {0, 1, 0}, 0, 3);
            truncated.flush();
            assertTrue(truncated.closedByServer());

            RawClient malformed = fixture.raw();
            // CreateRoomRequest (id 204) whose field 1 announces 100 bytes but carries 1.
            byte[] body = {0, (byte) 204, 0, 0, 0, 0, 0x0A, 100, 'x'};
            malformed.writeFrame(body, 0, body.length);
            malformed.flush();
            assertTrue(malformed.closedByServer());

            ServerFixture.await(() -> fixture.server.sessions().closedCount(CloseReason.PROTOCOL_ERROR) == 3);
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.UNKNOWN_MESSAGE_ID));
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.TRUNCATED_HEADER));
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.MALFORMED_BODY));
            assertEquals(3, fixture.server.sessions().closedCount(CloseReason.PROTOCOL_ERROR));
            CreateRoomResponse stillServed = bystander.request(CreateRoomRequest.newBuilder().setName("ok").build(),
                    CreateRoomResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertEquals(RoomResult.ROOM_RESULT_OK, stillServed.getResult());
        }
    }

    @Test
    void protocolErrorLeavesTheSessionOpenWhenThePolicySaysSo() throws Exception {
        DispatchModule lenient = new DispatchModule(DispatchSettings.defaults().withShards(1),
                new HandlerSettings(UnhandledPolicy.ERROR_REPLY, false));
        try (ServerFixture fixture = roomServer(lenient)) {
            RawClient client = fixture.raw();
            byte[] header = {(byte) 0xFF, (byte) 0xF0, 0, 0, 0, 0};
            client.writeFrame(header, 0, header.length);
            client.write(CreateRoomRequest.newBuilder().setName("ok").build(), 9);
            client.flush();
            var envelope = client.read();
            assertEquals(9, envelope.requestId());
            assertInstanceOf(CreateRoomResponse.class, envelope.message());
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.UNKNOWN_MESSAGE_ID));
        }
    }
}
