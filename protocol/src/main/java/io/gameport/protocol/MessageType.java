package io.gameport.protocol;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * One registered message type: its wire id and how to parse it. Immutable.
 *
 * @param id the {@code (gameport.msg_id)} option of the type, 1..65535
 * @param defaultInstance the generated class's default instance
 * @param parser the generated class's parser
 */
public record MessageType(int id, Message defaultInstance, Parser<? extends Message> parser) {
    public Descriptor descriptor() {
        return defaultInstance.getDescriptorForType();
    }

    /** Full Protobuf name, e.g. {@code gameport.Ping}. */
    public String fullName() {
        return descriptor().getFullName();
    }

    public Class<? extends Message> javaClass() {
        return defaultInstance.getClass();
    }

    @Override
    public String toString() {
        return fullName() + "(id " + id + ", " + javaClass().getName() + ")";
    }
}
