package io.gameport.sample.hostile;

import java.io.ByteArrayOutputStream;

/** Hand-made Protobuf wire bytes, valid or not, for bodies a real encoder would never produce. */
public final class ProtobufBytes {

    public static final int VARINT = 0;
    public static final int LENGTH_DELIMITED = 2;
    public static final int START_GROUP = 3;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtobufBytes tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    public ProtobufBytes varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    public ProtobufBytes raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** {@code depth} group starts of an unknown field and no ends: nesting a parser must refuse, not recurse into. */
    public static byte[] nestedUnknownGroups(int field, int depth) {
        ProtobufBytes b = new ProtobufBytes();
        for (int i = 0; i < depth; i++) {
            b.tag(field, START_GROUP);
        }
        return b.bytes();
    }

    /** One field repeated until the body reaches {@code bodyBytes}: legal Protobuf, as large as the frame allows. */
    public static byte[] repeatedVarintField(int field, int bodyBytes) {
        ProtobufBytes b = new ProtobufBytes();
        while (b.size() + 3 <= bodyBytes) {
            b.tag(field, VARINT).varint(1);
        }
        return b.bytes();
    }
}
