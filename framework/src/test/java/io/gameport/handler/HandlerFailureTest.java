package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.server.GameServerSettings;
import io.gameport.client.ErrorReplyException;
import io.gameport.client.GameClient;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.net.CloseReason;
import io.gameport.protocol.ProtocolError;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.ListMatchesRequest;
import io.gameport.protocol.testing.StudioGame.ListMatchesResponse;
import io.gameport.protocol.testing.StudioGame.MatchResult;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerFailureTest {

    private static final GameServerSettings ONE_SHARD =
            ServerFixture.settings().withDispatch(DispatchSettings.defaults().withShards(1));

    private static ServerFixture matchServer(GameServerSettings settings) throws Exception {
        return new ServerFixture(on -> on.request(CreateMatchRequest.class, (session, request) -> {
            if (request.getName().equals("boom")) {
                throw new IllegalStateException("handler bug on purpose");
            }
            return CreateMatchResponse.newBuilder().setResult(MatchResult.MATCH_RESULT_OK).build();
        }), settings);
    }

    @Test
    void handlerThatThrowsIsCountedAnsweredWithInternalErrorAndTheShardHandlesTheNextMessage() throws Exception {
        try (ServerFixture fixture = matchServer(ONE_SHARD)) {
            GameClient client = fixture.client();
            GameClient other = fixture.client();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> client.request(
                    CreateMatchRequest.newBuilder().setName("boom").build(), CreateMatchResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS));
            assertInstanceOf(ErrorReplyException.class, failure.getCause());
            assertEquals(ErrorCode.ERROR_CODE_INTERNAL_ERROR, ((ErrorReplyException) failure.getCause()).code());
            assertEquals(1, fixture.server.dispatcher().metrics().handlerErrors());

            // Same session, then another session on the same (only) shard: both still handled.
            CreateMatchResponse again = client.request(CreateMatchRequest.newBuilder().setName("ok").build(),
                    CreateMatchResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertEquals(MatchResult.MATCH_RESULT_OK, again.getResult());
            CreateMatchResponse fromOther = other.request(CreateMatchRequest.newBuilder().setName("ok").build(),
                    CreateMatchResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertEquals(MatchResult.MATCH_RESULT_OK, fromOther.getResult());
            assertTrue(client.isOpen());
            assertEquals(0, fixture.server.dispatcher().metrics().processorFailures());
        }
    }

    @Test
    void unhandledMessageTypeIsCountedAndAnsweredWithUnknownMessageByDefault() throws Exception {
        try (ServerFixture fixture = matchServer(ONE_SHARD)) {
            GameClient client = fixture.client();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> client.request(
                    ListMatchesRequest.getDefaultInstance(), ListMatchesResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS));
            assertEquals(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, ((ErrorReplyException) failure.getCause()).code());
            assertEquals(1, fixture.server.dispatcher().metrics().unhandledMessages());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void unhandledMessageTypeClosesTheSessionWhenThePolicySaysClose() throws Exception {
        GameServerSettings closing = ONE_SHARD.withHandlers(HandlerSettings.defaults().withUnhandled(UnhandledPolicy.CLOSE));
        try (ServerFixture fixture = matchServer(closing)) {
            FrameClient client = fixture.raw();
            client.write(ListMatchesRequest.getDefaultInstance(), 7);
            client.flush();
            assertTrue(client.awaitClosedByServer());
            assertEquals(1, fixture.server.dispatcher().metrics().unhandledMessages());
        }
    }

    @Test
    void undecodableFrameIsCountedByKindAndClosesOnlyThatSession() throws Exception {
        try (ServerFixture fixture = matchServer(ONE_SHARD)) {
            GameClient bystander = fixture.client();
            FrameClient unknownId = fixture.raw();
            byte[] header = {(byte) 0xFF, (byte) 0xF0, 0, 0, 0, 0};
            unknownId.writeFrame(header, 0, header.length);
            unknownId.flush();
            assertTrue(unknownId.awaitClosedByServer());

            FrameClient truncated = fixture.raw();
            truncated.writeFrame(new byte[] {0, 1, 0}, 0, 3);
            truncated.flush();
            assertTrue(truncated.awaitClosedByServer());

            FrameClient malformed = fixture.raw();
            // CreateMatchRequest (id 1022) whose field 1 announces 100 bytes but carries 1.
            byte[] body = {0x03, (byte) 0xFE, 0, 0, 0, 0, 0x0A, 100, 'x'};
            malformed.writeFrame(body, 0, body.length);
            malformed.flush();
            assertTrue(malformed.awaitClosedByServer());

            ServerFixture.await(() -> fixture.server.sessions().closedCount(CloseReason.PROTOCOL_ERROR) == 3);
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.UNKNOWN_MESSAGE_ID));
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.TRUNCATED_HEADER));
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.MALFORMED_BODY));
            assertEquals(3, fixture.server.sessions().closedCount(CloseReason.PROTOCOL_ERROR));
            CreateMatchResponse stillServed = bystander.request(CreateMatchRequest.newBuilder().setName("ok").build(),
                    CreateMatchResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertEquals(MatchResult.MATCH_RESULT_OK, stillServed.getResult());
        }
    }

    @Test
    void protocolErrorLeavesTheSessionOpenWhenThePolicySaysSo() throws Exception {
        GameServerSettings lenient = ONE_SHARD.withHandlers(HandlerSettings.defaults()
                .withUnhandled(UnhandledPolicy.ERROR_REPLY).withCloseOnProtocolError(false));
        try (ServerFixture fixture = matchServer(lenient)) {
            FrameClient client = fixture.raw();
            byte[] header = {(byte) 0xFF, (byte) 0xF0, 0, 0, 0, 0};
            client.writeFrame(header, 0, header.length);
            client.write(CreateMatchRequest.newBuilder().setName("ok").build(), 9);
            client.flush();
            var envelope = client.read();
            assertEquals(9, envelope.requestId());
            assertInstanceOf(CreateMatchResponse.class, envelope.message());
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.UNKNOWN_MESSAGE_ID));
        }
    }
}
