package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.server.GameServerSettings;
import io.gameport.client.ErrorReplyException;
import io.gameport.client.GameClient;
import io.gameport.dispatch.DispatchSettings;
import io.gameport.protocol.Envelope;
import io.gameport.protocol.ProtocolError;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.testing.StudioGame.CreateMatchRequest;
import io.gameport.protocol.testing.StudioGame.CreateMatchResponse;
import io.gameport.protocol.testing.StudioGame.MatchInfo;
import io.gameport.protocol.testing.StudioGame.MatchResult;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncRequestTest {

    private static final GameServerSettings ONE_SHARD =
            ServerFixture.settings().withDispatch(DispatchSettings.defaults().withShards(1));

    @Test
    void asynchronousResponsesCompletedOnAnotherThreadReachTheirOwnRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (ServerFixture fixture = new ServerFixture(on -> on.requestAsync(CreateMatchRequest.class, (session, request) ->
                CompletableFuture.supplyAsync(() -> CreateMatchResponse.newBuilder().setResult(MatchResult.MATCH_RESULT_OK)
                        .setMatch(MatchInfo.newBuilder().setName(request.getName())).build(), pool)),
                ONE_SHARD)) {
            GameClient client = fixture.client();
            List<CompletableFuture<CreateMatchResponse>> responses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                responses.add(client.request(CreateMatchRequest.newBuilder().setName("match " + i).build(),
                        CreateMatchResponse.class, Duration.ofSeconds(20)));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals("match " + i, responses.get(i).get(30, TimeUnit.SECONDS).getMatch().getName());
            }
            assertEquals(0, fixture.server.dispatcher().metrics().handlerErrors());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deferredRequestIsAnsweredByTheOwningThreadWithTheRequestsId() throws Exception {
        ExecutorService owner = Executors.newSingleThreadExecutor();
        try (ServerFixture fixture = new ServerFixture(on -> on.requestDeferred(CreateMatchRequest.class,
                (session, request, requestId) -> owner.execute(() -> session.reply(requestId, CreateMatchResponse.newBuilder()
                        .setResult(MatchResult.MATCH_RESULT_OK)
                        .setMatch(MatchInfo.newBuilder().setName(request.getName())).build()))),
                ONE_SHARD)) {
            GameClient client = fixture.client();
            List<CompletableFuture<CreateMatchResponse>> responses = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                responses.add(client.request(CreateMatchRequest.newBuilder().setName("match " + i).build(),
                        CreateMatchResponse.class, Duration.ofSeconds(20)));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("match " + i, responses.get(i).get(30, TimeUnit.SECONDS).getMatch().getName());
            }
            assertEquals(0, fixture.server.dispatcher().metrics().handlerErrors());
        } finally {
            owner.shutdownNow();
        }
    }

    @Test
    void failedStageIsCountedAndAnsweredWithInternalError() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> on.requestAsync(CreateMatchRequest.class, (session, request) ->
                CompletableFuture.failedFuture(new IllegalStateException("slow work failed on purpose"))), ONE_SHARD)) {
            GameClient client = fixture.client();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> client.request(
                    CreateMatchRequest.newBuilder().setName("x").build(), CreateMatchResponse.class, Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS));
            assertInstanceOf(ErrorReplyException.class, failure.getCause());
            assertEquals(ErrorCode.ERROR_CODE_INTERNAL_ERROR, ((ErrorReplyException) failure.getCause()).code());
            assertEquals(1, fixture.server.dispatcher().metrics().handlerErrors());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void protocolErrorListenerAnswersAnUndecodableFrameAndTheSessionStaysOpenWhenThePolicySaysSo() throws Exception {
        GameServerSettings lenient = ONE_SHARD.withHandlers(HandlerSettings.defaults()
                .withUnhandled(UnhandledPolicy.ERROR_REPLY).withCloseOnProtocolError(false));
        try (ServerFixture fixture = new ServerFixture(on -> on
                .request(CreateMatchRequest.class, (session, request) ->
                        CreateMatchResponse.newBuilder().setResult(MatchResult.MATCH_RESULT_OK).build())
                .onProtocolError((session, error) -> session.send(CreateMatchResponse.newBuilder()
                        .setResult(MatchResult.MATCH_RESULT_INVALID_NAME).build())), lenient)) {
            FrameClient client = fixture.raw();
            byte[] header = {(byte) 0xFF, (byte) 0xF0, 0, 0, 0, 0};
            client.writeFrame(header, 0, header.length);
            client.write(CreateMatchRequest.newBuilder().setName("ok").build(), 9);
            client.flush();
            Envelope answer = client.read();
            assertEquals(MatchResult.MATCH_RESULT_INVALID_NAME, ((CreateMatchResponse) answer.message()).getResult());
            Envelope served = client.read();
            assertEquals(9, served.requestId());
            assertEquals(MatchResult.MATCH_RESULT_OK, ((CreateMatchResponse) served.message()).getResult());
            assertEquals(1, fixture.server.dispatcher().metrics().protocolErrors(ProtocolError.UNKNOWN_MESSAGE_ID));
        }
    }
}
