package io.gameport.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.protocol.messages.Disconnect;
import io.gameport.protocol.messages.DisconnectNotice;
import io.gameport.protocol.messages.ErrorCode;
import io.gameport.protocol.messages.ErrorReply;
import io.gameport.protocol.messages.Ack;
import io.gameport.protocol.messages.Ping;
import io.gameport.protocol.messages.Pong;
import io.gameport.protocol.messages.Resume;
import io.gameport.protocol.messages.Resumed;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hex examples of the wire specification ({@code protocol/README.md}) are the bytes the real
 * codec writes, and decode back to the messages they describe: the specification cannot drift
 * from the code. Each {@code ```hex NAME} block of the README is one complete frame; {@code #}
 * starts a comment.
 */
class WireSpecExamplesTest {

    private static final Path SPEC = Path.of("README.md");
    private static final Pattern HEX_BLOCK = Pattern.compile("```hex ([a-z0-9-]+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern HEX_BYTE = Pattern.compile("[0-9a-f]{2}");

    private static final MessageCodec CODEC = new MessageCodec(
            MessageRegistry.builder().addFiles(ProtocolFiles.framework()).build(), ProtocolSettings.defaults());
    private static final long NEW_YEAR_2026_MS = 1_767_225_600_000L;

    /** What each README example claims to be, built with the generated classes. */
    private static Map<String, Envelope> examples() {
        Map<String, Envelope> examples = new LinkedHashMap<>();
        examples.put("ping-push", envelope(Ping.newBuilder().setNonce(1).setSentAtMs(NEW_YEAR_2026_MS).build(), 0));
        examples.put("pong-answer", envelope(Pong.newBuilder().setNonce(1).setPingSentAtMs(NEW_YEAR_2026_MS)
                .setRepliedAtMs(NEW_YEAR_2026_MS + 42).build(), 0));
        examples.put("ping-request", envelope(Ping.newBuilder().setNonce(7).build(), 1));
        examples.put("pong-response", envelope(Pong.newBuilder().setNonce(7).setRepliedAtMs(NEW_YEAR_2026_MS + 42).build(), 1));
        examples.put("ping-empty", envelope(Ping.getDefaultInstance(), 0));
        examples.put("error-reply", envelope(ErrorReply.newBuilder().setCode(ErrorCode.ERROR_CODE_RATE_LIMITED)
                .setReason("rate limited: the session sends too fast").setCauseMsgId(1000).build(), 2));
        examples.put("disconnect", envelope(Disconnect.newBuilder().setCode(ErrorCode.ERROR_CODE_IDLE_TIMEOUT)
                .setReason("no traffic within the idle timeout").build(), 0));
        examples.put("disconnect-notice", envelope(DisconnectNotice.newBuilder().setCode(ErrorCode.ERROR_CODE_SHUTTING_DOWN)
                .setReason("the server is draining").setReconnectAfterMs(5000).setClosesInMs(30000).build(), 0));
        examples.put("ack", envelope(Ack.newBuilder().setReceived(300).build(), 0));
        ByteString token = ByteString.copyFrom(HexFormat.of().parseHex(
                "01a1b2c3d4000000000000002a000000010000019b77119680" + "00112233445566778899aabbccddeeff"));
        examples.put("resume", envelope(Resume.newBuilder().setResumeToken(token).setReceived(17).build(), 0));
        examples.put("resumed", envelope(Resumed.newBuilder().setResumeToken(token).setReceived(5).setGraceMs(30000).build(), 0));
        examples.put("ping-acknowledging", envelope(Ping.newBuilder().setNonce(1).setSentAtMs(NEW_YEAR_2026_MS).setReceived(12).build(), 0));
        return examples;
    }

    private static Envelope envelope(com.google.protobuf.Message message, int requestId) {
        return new Envelope(CODEC.registry().idOf(message), requestId, message);
    }

    @Test
    void everyHexExampleInTheSpecificationIsWhatTheCodecWrites() throws IOException {
        Map<String, byte[]> documented = hexBlocks(Files.readString(SPEC, StandardCharsets.UTF_8));
        Map<String, Envelope> expected = examples();
        assertEquals(expected.keySet(), documented.keySet(), "the README's hex examples and this test's list differ");
        for (Map.Entry<String, Envelope> example : expected.entrySet()) {
            ByteBuffer encoded = Frames.encode(CODEC, example.getValue());
            byte[] written = new byte[encoded.remaining()];
            encoded.get(written);
            assertEquals(HexFormat.ofDelimiter(" ").formatHex(written),
                    HexFormat.ofDelimiter(" ").formatHex(documented.get(example.getKey())),
                    "example '" + example.getKey() + "' in " + SPEC.toAbsolutePath());
        }
    }

    @Test
    void everyHexExampleDecodesToTheMessageItDescribes() throws Exception {
        Map<String, byte[]> documented = hexBlocks(Files.readString(SPEC, StandardCharsets.UTF_8));
        for (Map.Entry<String, Envelope> example : examples().entrySet()) {
            ByteBuffer frame = ByteBuffer.wrap(documented.get(example.getKey()));
            int length = Frames.readLength(frame, 0, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
            assertEquals(frame.capacity() - Frames.LENGTH_PREFIX_BYTES, length,
                    "example '" + example.getKey() + "': the length prefix is not the bytes that follow it");
            Envelope decoded = CODEC.decode(frame.position(Frames.LENGTH_PREFIX_BYTES).slice());
            assertEquals(example.getValue(), decoded, "example '" + example.getKey() + "'");
        }
    }

    @Test
    void theHeaderLayoutIsTheOneTheSpecificationDraws() {
        // The README's header table: message id at payload offset 0 (u16), request id at 2 (u32), body at 6.
        assertEquals(0, MessageHeader.MESSAGE_ID_OFFSET);
        assertEquals(2, MessageHeader.REQUEST_ID_OFFSET);
        assertEquals(6, MessageHeader.LENGTH);
        assertEquals(4, Frames.LENGTH_PREFIX_BYTES);
        assertEquals(65_536, ProtocolSettings.DEFAULT_MAX_FRAME_BYTES, "the README's Limits table gives 65,536 bytes");
        assertEquals(32, ProtocolSettings.DEFAULT_RECURSION_LIMIT, "the README gives a nesting limit of 32");
    }

    /** The {@code ```hex NAME} blocks: every two-digit hex token before a {@code #} on each line. */
    static Map<String, byte[]> hexBlocks(String markdown) {
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        Matcher block = HEX_BLOCK.matcher(markdown);
        while (block.find()) {
            StringBuilder hex = new StringBuilder();
            for (String line : List.of(block.group(2).split("\n"))) {
                int comment = line.indexOf('#');
                for (String token : (comment < 0 ? line : line.substring(0, comment)).trim().split("\\s+")) {
                    if (token.isEmpty()) {
                        continue;
                    }
                    assertTrue(HEX_BYTE.matcher(token).matches(),
                            "block '" + block.group(1) + "': '" + token + "' is not a hex byte (comments start with #)");
                    hex.append(token);
                }
            }
            byte[] previous = blocks.put(block.group(1), HexFormat.of().parseHex(hex));
            assertTrue(previous == null, "two hex examples are named '" + block.group(1) + "'");
        }
        return blocks;
    }
}
