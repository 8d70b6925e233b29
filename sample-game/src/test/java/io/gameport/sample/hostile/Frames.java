package io.gameport.sample.hostile;

import java.nio.ByteBuffer;
import java.util.Random;

/** Gameport's wire framing from the outside: a 4-byte big-endian length, then that many payload bytes. */
public final class Frames {

    public static final int HEADER_BYTES = 4;

    private Frames() {
    }

    /** A header announcing {@code length} bytes (any int: negative and huge lengths are attacks). */
    public static byte[] header(int length) {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(length).array();
    }

    /** {@code payload} framed. */
    public static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(HEADER_BYTES + payload.length).putInt(payload.length).put(payload).array();
    }

    /** Several frames in one byte array, as one write would carry them. */
    public static byte[] batch(byte[]... payloads) {
        int total = 0;
        for (byte[] p : payloads) {
            total += HEADER_BYTES + p.length;
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (byte[] p : payloads) {
            all.putInt(p.length).put(p);
        }
        return all.array();
    }

    /** {@code length} bytes of a fixed pseudo-random pattern (seeded: a failure reproduces). */
    public static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
