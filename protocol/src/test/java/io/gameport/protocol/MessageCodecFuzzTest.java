package io.gameport.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random bytes and random mutations of valid frames, from a fixed seed so a failure replays.
 * Every case must either decode or be rejected with a {@link ProtocolException}, and no case
 * may allocate more than a bound proportional to its frame size.
 */
@Timeout(120)
class MessageCodecFuzzTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MessageCodecFuzzTest.class);
    private static final long SEED = 0x6A6D_5EEDL;
    private static final int CASES = 20_000;
    /** Small enough that extended frames cross it and FRAME_TOO_LARGE is exercised. */
    private static final int MAX_FRAME_BYTES = 1024;
    /**
     * Allowed allocation per decode: a fixed part for the parser, the message object graph
     * and the rejection (exception and its message), plus a multiple of the frame size, since
     * a Protobuf object costs more than its wire bytes (e.g. a 2-byte empty sub-message becomes a
     * ~40-byte object plus a list slot). A decoder that trusted a length inside the body would
     * allocate up to 2 GiB and blow through this.
     */
    private static final long ALLOWED_FIXED_BYTES = 16 * 1024;
    private static final long ALLOWED_BYTES_PER_FRAME_BYTE = 32;

    private final MessageRegistry registry = TestRegistries.withStudio();
    private final MessageCodec codec =
        new MessageCodec(registry, ProtocolSettings.defaults().withMaxFrameBytes(MAX_FRAME_BYTES));
    private final List<byte[]> validFrames = new ArrayList<>();
    private final int[] ids = registry.types().stream().mapToInt(MessageType::id).toArray();

    @BeforeEach
    void buildValidFrames() {
        for (MessageType type : registry.types()) {
            ByteBuffer payload = codec.encode(PopulatedMessages.populated(type.descriptor()), 12345);
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            validFrames.add(bytes);
            validFrames.add(java.util.Arrays.copyOf(codec.encode(type.defaultInstance(), 0).array(), MessageHeader.LENGTH));
        }
        for (byte[] frame : validFrames) {
            assertTrue(frame.length <= MAX_FRAME_BYTES, "seed frames must fit the maximum");
        }
    }

    @Test
    void randomAndMutatedFramesDecodeOrFailWithProtocolExceptionWithinTheAllocationBound() {
        AllocationMeter meter = AllocationMeter.create();
        assumeTrue(meter != null, "this JVM does not account allocations per thread");
        Random random = new Random(SEED);
        Map<ProtocolError, Integer> rejected = new EnumMap<>(ProtocolError.class);
        int decoded = 0;
        // Warm-up on another seed, unmeasured: first use of each code path loads classes and
        // links call sites (hundreds of KiB once per JVM), which no peer can make happen twice.
        Random warmUp = new Random(~SEED);
        for (int i = 0; i < 2_000; i++) {
            byte[] frame = nextCase(warmUp, new String[1]);
            decodeOrReject(warmUp.nextBoolean() ? ByteBuffer.wrap(frame) : MessageCodecTest.direct(frame));
        }
        long maxAllocated = 0;
        for (int i = 0; i < CASES; i++) {
            String[] how = new String[1];
            byte[] frame = nextCase(random, how);
            ByteBuffer buffer = random.nextBoolean() ? ByteBuffer.wrap(frame) : MessageCodecTest.direct(frame);
            long before = meter.allocatedBytes();
            ProtocolError outcome;
            try {
                outcome = decodeOrReject(buffer);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("case " + i + " (" + how[0] + ") escaped with " + e + ": "
                    + HexFormat.of().formatHex(frame), e);
            }
            long allocated = meter.allocatedBytes() - before;
            long allowed = ALLOWED_FIXED_BYTES + ALLOWED_BYTES_PER_FRAME_BYTE * frame.length;
            if (allocated > allowed) {
                fail("case " + i + " (" + how[0] + ") of " + frame.length + " bytes allocated " + allocated
                    + " bytes, allowed " + allowed + ": " + HexFormat.of().formatHex(frame));
            }
            maxAllocated = Math.max(maxAllocated, allocated);
            assertEquals(0, buffer.position(), "decode must not move the frame's position");
            if (outcome == null) {
                decoded++;
            } else {
                rejected.merge(outcome, 1, Integer::sum);
            }
        }
        // The generator must reach every rejection path and still produce decodable frames,
        // or the run proves less than it claims.
        for (ProtocolError error : ProtocolError.values()) {
            assertTrue(rejected.getOrDefault(error, 0) > 0, "no case produced " + error + ": " + rejected);
        }
        LOG.info("fuzz: decoded " + decoded + ", rejected " + rejected + ", max allocated per case " + maxAllocated);
        assertTrue(decoded > CASES / 20, "too few cases decoded (" + decoded + "): " + rejected);
    }

    @Test
    void allocationMeterSeesAllocations() {
        AllocationMeter meter = AllocationMeter.create();
        assumeTrue(meter != null, "this JVM does not account allocations per thread");
        long before = meter.allocatedBytes();
        byte[] big = new byte[1 << 20];
        long allocated = meter.allocatedBytes() - before;
        assertTrue(allocated >= big.length, "meter saw " + allocated + " bytes for a 1 MiB array");
    }

    /** @return null when the frame decoded, else the rejection's kind */
    private ProtocolError decodeOrReject(ByteBuffer frame) {
        try {
            Envelope envelope = codec.decode(frame);
            assertTrue(registry.forId(envelope.messageId()) != null);
            return null;
        } catch (ProtocolException e) {
            return e.error();
        }
    }

    private byte[] nextCase(Random random, String[] how) {
        int kind = random.nextInt(8);
        if (kind == 0) {
            how[0] = "random bytes";
            byte[] frame = new byte[random.nextInt(64)];
            random.nextBytes(frame);
            return frame;
        }
        if (kind == 1) {
            how[0] = "registered id, random body";
            byte[] frame = new byte[MessageHeader.LENGTH + random.nextInt(128)];
            random.nextBytes(frame);
            MessageHeader.putMessageId(ByteBuffer.wrap(frame), 0, ids[random.nextInt(ids.length)]);
            return frame;
        }
        byte[] frame = validFrames.get(random.nextInt(validFrames.size())).clone();
        switch (kind) {
            case 2 -> {
                how[0] = "bit flips";
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips && frame.length > 0; f++) {
                    int bit = random.nextInt(frame.length * 8);
                    frame[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return frame;
            }
            case 3 -> {
                how[0] = "truncation";
                return java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            }
            case 4 -> {
                how[0] = "extension";
                int extra = random.nextInt(4) == 0 ? MAX_FRAME_BYTES : 1 + random.nextInt(32);
                byte[] longer = java.util.Arrays.copyOf(frame, frame.length + extra);
                byte[] tail = new byte[extra];
                random.nextBytes(tail);
                System.arraycopy(tail, 0, longer, frame.length, extra);
                return longer;
            }
            case 5 -> {
                how[0] = "header id changed";
                int id = random.nextBoolean() ? ids[random.nextInt(ids.length)] : 1 + random.nextInt(MessageHeader.MAX_MESSAGE_ID);
                MessageHeader.putMessageId(ByteBuffer.wrap(frame), 0, id);
                return frame;
            }
            case 6 -> {
                how[0] = "huge varint length inserted";
                int at = MessageHeader.LENGTH + (frame.length > MessageHeader.LENGTH ? random.nextInt(frame.length - MessageHeader.LENGTH) : 0);
                byte[] varint = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
                byte[] spliced = new byte[frame.length + varint.length];
                System.arraycopy(frame, 0, spliced, 0, at);
                System.arraycopy(varint, 0, spliced, at, varint.length);
                System.arraycopy(frame, at, spliced, at + varint.length, frame.length - at);
                return spliced;
            }
            default -> {
                how[0] = "random bytes overwritten";
                int count = 1 + random.nextInt(4);
                for (int c = 0; c < count && frame.length > 0; c++) {
                    frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                }
                return frame;
            }
        }
    }
}
