package io.gameport.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;

/**
 * Builds a message of any type with every field set (one per oneof), by walking its
 * descriptor: a message type added to a .proto file is covered by the tests without edits.
 */
final class PopulatedMessages {
    /** Recursive types (e.g. Tree) stop nesting here. */
    private static final int MAX_DEPTH = 3;

    private PopulatedMessages() {
    }

    static DynamicMessage populated(Descriptor type) {
        return populated(type, 0);
    }

    private static DynamicMessage populated(Descriptor type, int depth) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (!isSetWhenPopulated(field)) {
                continue;
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH) {
                continue;
            }
            if (field.isRepeated()) {
                builder.addRepeatedField(field, value(field, 1, depth));
                builder.addRepeatedField(field, value(field, 2, depth));
            } else {
                builder.setField(field, value(field, 1, depth));
            }
        }
        return builder.build();
    }

    /** Every field except the second and later members of a oneof. */
    static boolean isSetWhenPopulated(FieldDescriptor field) {
        OneofDescriptor oneof = field.getRealContainingOneof();
        return oneof == null || oneof.getField(0) == field;
    }

    private static Object value(FieldDescriptor field, int variant, int depth) {
        switch (field.getType()) {
            case INT32: case SINT32: case SFIXED32:
                return -1_000_000 * variant - field.getNumber();
            case UINT32: case FIXED32:
                return 0xFFFF_FFF0 + variant; // high bit set: unsigned values survive as bits
            case INT64: case SINT64: case SFIXED64:
                return -5_000_000_000L * variant - field.getNumber();
            case UINT64: case FIXED64:
                return 0xFFFF_FFFF_FFFF_FF00L + variant;
            case FLOAT:
                return 1.25f * variant;
            case DOUBLE:
                return -2.5e10 * variant;
            case BOOL:
                return true;
            case STRING:
                return field.getName() + " h\u00e9llo \u2713 \uD83C\uDFAE " + variant;
            case BYTES:
                return ByteString.copyFrom(new byte[] {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, (byte) variant});
            case ENUM:
                List<EnumValueDescriptor> values = field.getEnumType().getValues();
                return values.get(values.size() - 1 - (variant % 2 == 0 && values.size() > 2 ? 1 : 0));
            case MESSAGE:
                if (field.isMapField()) {
                    return mapEntry(field.getMessageType(), variant, depth);
                }
                return populated(field.getMessageType(), depth + 1);
            default:
                throw new IllegalArgumentException("unsupported field type " + field.getType() + " of " + field.getFullName());
        }
    }

    private static DynamicMessage mapEntry(Descriptor entryType, int variant, int depth) {
        DynamicMessage.Builder entry = DynamicMessage.newBuilder(entryType);
        FieldDescriptor key = entryType.findFieldByName("key");
        FieldDescriptor value = entryType.findFieldByName("value");
        entry.setField(key, value(key, variant, depth)); // distinct keys per variant
        entry.setField(value, value(value, variant, depth));
        return entry.build();
    }
}
