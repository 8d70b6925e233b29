package io.gameport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gameport.protocol.Envelope;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.testing.FrameClient;
import io.gameport.testing.ServerFixture;
import org.junit.jupiter.api.Test;

/**
 * The request-id rules the wire specification ({@code protocol/README.md}, "Requests, responses,
 * one-way messages and pushes") gives client authors, on a real server and only the framework's
 * own messages: {@code Ping} is registered as a request, {@code Pong} as a one-way message, and
 * {@code ErrorReply} is known but has no handler. Frames of one session are handled in order and
 * a request handler answers at once, so each answer read is the one to the frame just written.
 */
class RequestIdRulesTest {

    @Test
    void aRequestIsAnsweredWithItsOwnRequestId() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> { })) {
            FrameClient client = fixture.raw();
            client.write(Ping.newBuilder().setNonce(2).build(), 5);
            client.flush();

            Envelope answer = client.read();

            assertEquals(5, answer.requestId());
            assertEquals(2, assertInstanceOf(Pong.class, answer.message()).getNonce());
        }
    }

    @Test
    void aRequestSentWithRequestIdZeroIsHandledAndAnsweredWithRequestIdZero() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> { })) {
            FrameClient client = fixture.raw();
            client.write(Ping.newBuilder().setNonce(1).build(), MessageHeader.NO_REQUEST);
            client.flush();

            Envelope answer = client.read();

            assertEquals(MessageHeader.NO_REQUEST, answer.requestId(), "nothing can tell this answer from a push");
            assertEquals(1, assertInstanceOf(Pong.class, answer.message()).getNonce());
        }
    }

    @Test
    void aOneWayMessageSentWithARequestIdGetsNoAnswer() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> { })) {
            FrameClient client = fixture.raw();
            client.write(Pong.newBuilder().setNonce(3).build(), 6);
            client.write(Ping.newBuilder().setNonce(4).build(), 7);
            client.flush();

            Envelope first = client.read();

            assertEquals(7, first.requestId(), "the first frame back answers the Ping: the Pong got none");
            assertEquals(4, assertInstanceOf(Pong.class, first.message()).getNonce());
        }
    }

    @Test
    void aKnownTypeWithoutHandlerIsAnsweredUnknownMessageWithTheFramesRequestIdZeroIncluded() throws Exception {
        try (ServerFixture fixture = new ServerFixture(on -> { })) {
            FrameClient client = fixture.raw();
            client.write(ErrorReply.getDefaultInstance(), 9);
            client.write(ErrorReply.getDefaultInstance(), MessageHeader.NO_REQUEST);
            client.flush();

            Envelope toRequest = client.read();
            Envelope toMessage = client.read();

            assertEquals(9, toRequest.requestId());
            assertEquals(MessageHeader.NO_REQUEST, toMessage.requestId());
            for (Envelope answer : new Envelope[] {toRequest, toMessage}) {
                ErrorReply reply = assertInstanceOf(ErrorReply.class, answer.message());
                assertEquals(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, reply.getCode());
                assertEquals(3, reply.getCauseMsgId(), "the cause is ErrorReply, message id 3");
            }
        }
    }
}
