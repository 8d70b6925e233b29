package io.gameport.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.net.FatalErrors;
import io.gameport.protocol.MessageHeader;
import io.gameport.protocol.testing.StudioGame.ChatLine;
import io.gameport.testing.FrameClient;
import io.gameport.testing.RecordingExit;
import io.gameport.testing.ServerFixture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An Error in a handler on a dispatch shard is fatal for the process, like one on an I/O worker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FatalShardErrorTest {

    @Test
    void errorInAHandlerOnAShardStopsTheProcessWithTheFatalStatus() throws Exception {
        try (RecordingExit exit = new RecordingExit();
             ServerFixture fixture = new ServerFixture(on -> on.message(ChatLine.class, (session, chat) -> {
                 throw new StackOverflowError("a handler recursing without end");
             }))) {
            FrameClient client = fixture.raw();
            client.write(ChatLine.newBuilder().setText("boom").build(), MessageHeader.NO_REQUEST);
            client.flush();
            assertEquals(FatalErrors.EXIT_STATUS, exit.awaitStatus());
            assertTrue(exit.thread().startsWith("gameport-shard-"), exit.thread());
        }
    }
}
