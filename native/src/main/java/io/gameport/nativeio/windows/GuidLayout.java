package io.gameport.nativeio.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code GUID} (guiddef.h), 16 bytes: {@code Data1} (u32) at 0, {@code Data2} (u16) at 4,
 * {@code Data3} (u16) at 6, {@code Data4[8]} at 8. The first three are little-endian integers, so
 * the textual form's first three groups appear byte-reversed in memory; {@code Data4} is stored as
 * written.
 */
public final class GuidLayout {
    public static final int DATA1_OFFSET = 0;
    public static final int DATA2_OFFSET = 4;
    public static final int DATA3_OFFSET = 6;
    public static final int DATA4_OFFSET = 8;
    public static final int DATA4_LENGTH = 8;
    public static final int SIZE = 16;

    private GuidLayout() {
    }

    /** Writes {@code guid} ("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx") at {@code offset} of a little-endian view. */
    public static void write(String guid, ByteBuffer target, int offset) {
        String hex = guid.replace("-", "");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("not a GUID: " + guid);
        }
        ByteBuffer le = target.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        le.putInt(offset + DATA1_OFFSET, (int) Long.parseLong(hex.substring(0, 8), 16));
        le.putShort(offset + DATA2_OFFSET, (short) Integer.parseInt(hex.substring(8, 12), 16));
        le.putShort(offset + DATA3_OFFSET, (short) Integer.parseInt(hex.substring(12, 16), 16));
        for (int i = 0; i < DATA4_LENGTH; i++) {
            le.put(offset + DATA4_OFFSET + i, (byte) Integer.parseInt(hex.substring(16 + 2 * i, 18 + 2 * i), 16));
        }
    }
}
