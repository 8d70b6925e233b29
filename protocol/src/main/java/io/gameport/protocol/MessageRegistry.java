package io.gameport.protocol;

import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.GeneratedMessage;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.gameport.protocol.messages.OptionsProto;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps message ids to Protobuf types and back. Built once at start-up from the
 * {@code (gameport.msg_id)} option of each message (see {@code gameport/options.proto}),
 * then immutable and safe to share between all threads.
 *
 * <pre>{@code
 * MessageRegistry registry = MessageRegistry.builder()
 *     .addFiles(ProtocolFiles.framework())
 *     .addFile(MyGameProto.getDescriptor())      // a studio's own .proto file
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} rejects two types with one id, naming both. A file added with
 * {@link Builder#addFile} contributes every message (nested ones too) that carries the option;
 * messages without it are building blocks (types only used inside other messages) and are
 * skipped. A type added on its own with {@link Builder#addMessage} must carry the option.
 */
public final class MessageRegistry {
    private final MessageType[] byId;
    private final Map<Descriptor, MessageType> byDescriptor;
    private final List<MessageType> types;

    private MessageRegistry(Map<Integer, MessageType> types) {
        int maxId = 0;
        for (MessageType type : types.values()) {
            maxId = Math.max(maxId, type.id());
        }
        // An array indexed by id: lookups of peer-supplied ids neither box nor hash.
        this.byId = new MessageType[maxId + 1];
        Map<Descriptor, MessageType> descriptors = new HashMap<>();
        for (MessageType type : types.values()) {
            byId[type.id()] = type;
            descriptors.put(type.descriptor(), type);
        }
        this.byDescriptor = descriptors;
        this.types = List.copyOf(types.values());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The type registered for {@code id}, or {@code null}. Ids come from peers, so any int is
     * accepted and answered without allocating.
     */
    public MessageType forId(int id) {
        return id > 0 && id < byId.length ? byId[id] : null;
    }

    /**
     * The type of {@code descriptor} (a generated message's or a {@code DynamicMessage}'s: both
     * share the one descriptor object), or {@code null} if it is not registered.
     */
    public MessageType forDescriptor(Descriptor descriptor) {
        return byDescriptor.get(descriptor);
    }

    /** The id registered for {@code message}'s type. */
    public int idOf(Message message) {
        MessageType type = byDescriptor.get(message.getDescriptorForType());
        if (type == null) {
            throw new IllegalArgumentException("message type " + message.getDescriptorForType().getFullName()
                + " is not registered");
        }
        return type.id();
    }

    /** Every registered type, ordered by id. */
    public List<MessageType> types() {
        return types;
    }

    /**
     * Reads the {@code (gameport.msg_id)} option of a message type.
     *
     * @return the id, or 0 when the message does not carry the option
     */
    public static int declaredId(Descriptor descriptor) {
        MessageOptions options = descriptor.getOptions();
        if (options.hasExtension(OptionsProto.msgId)) {
            return options.getExtension(OptionsProto.msgId);
        }
        // Descriptors built at run time (FileDescriptor.buildFrom without an extension registry)
        // keep custom options as unknown fields: read the varint by field number.
        UnknownFieldSet.Field field = options.getUnknownFields().getField(OptionsProto.MSG_ID_FIELD_NUMBER);
        List<Long> values = field.getVarintList();
        return values.isEmpty() ? 0 : values.get(values.size() - 1).intValue();
    }

    /** Collects types; not thread-safe, used once at start-up. */
    public static final class Builder {
        private final Map<Descriptor, MessageType> added = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds every message in {@code file} (nested ones included) that carries a message id. */
        public Builder addFile(FileDescriptor file) {
            for (Descriptor descriptor : file.getMessageTypes()) {
                addTree(descriptor);
            }
            return this;
        }

        public Builder addFiles(Collection<FileDescriptor> files) {
            files.forEach(this::addFile);
            return this;
        }

        /**
         * Adds one type by its generated class's default instance.
         *
         * @throws IllegalArgumentException if the type carries no message id
         */
        public Builder addMessage(Message defaultInstance) {
            Descriptor descriptor = defaultInstance.getDescriptorForType();
            int id = declaredId(descriptor);
            if (id == 0) {
                throw new IllegalArgumentException("message " + descriptor.getFullName() + " ("
                    + defaultInstance.getClass().getName() + ") has no (gameport.msg_id) option;"
                    + " add `option (gameport.msg_id) = N;` to it in " + descriptor.getFile().getName());
            }
            put(descriptor, id, defaultInstance.getDefaultInstanceForType());
            return this;
        }

        /**
         * Builds the registry.
         *
         * @throws IllegalArgumentException if two types share an id (both are named) or an id is
         *     outside 1..65535
         */
        public MessageRegistry build() {
            Map<Integer, MessageType> byId = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            for (MessageType type : added.values()) {
                if (type.id() < 1 || type.id() > MessageHeader.MAX_MESSAGE_ID) {
                    problems.add("message " + type.fullName() + " has id " + Integer.toUnsignedString(type.id())
                        + ", outside 1.." + MessageHeader.MAX_MESSAGE_ID);
                    continue;
                }
                MessageType previous = byId.putIfAbsent(type.id(), type);
                if (previous != null) {
                    problems.add("duplicate message id " + type.id() + ": " + previous.fullName() + " ("
                        + previous.descriptor().getFile().getName() + ") and " + type.fullName() + " ("
                        + type.descriptor().getFile().getName() + ")");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid message registry: " + String.join("; ", problems));
            }
            return new MessageRegistry(Collections.unmodifiableMap(byId));
        }

        private void addTree(Descriptor descriptor) {
            int id = declaredId(descriptor);
            if (id != 0) {
                put(descriptor, id, defaultInstanceOf(descriptor));
            }
            for (Descriptor nested : descriptor.getNestedTypes()) {
                addTree(nested);
            }
        }

        private void put(Descriptor descriptor, int id, Message defaultInstance) {
            // Adding the same type twice (e.g. its file and the type itself) is harmless.
            added.putIfAbsent(descriptor, new MessageType(id, defaultInstance, defaultInstance.getParserForType()));
        }
    }

    /**
     * Finds the generated class of {@code descriptor} by protoc's Java naming rules, and checks
     * the guess by comparing the class's own descriptor with {@code descriptor}.
     */
    static Message defaultInstanceOf(Descriptor descriptor) {
        FileDescriptor file = descriptor.getFile();
        String javaPackage = file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
        String prefix = javaPackage.isEmpty() ? "" : javaPackage + ".";
        String nestedName = nestedClassName(descriptor);
        List<String> candidates = new ArrayList<>();
        if (file.getOptions().getJavaMultipleFiles()) {
            candidates.add(prefix + nestedName);
        }
        for (String outer : outerClassNames(file)) {
            candidates.add(prefix + outer + "$" + nestedName);
        }
        if (!file.getOptions().getJavaMultipleFiles()) {
            candidates.add(prefix + nestedName);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String candidate : candidates) {
            Message instance = tryLoad(candidate, descriptor, loader);
            if (instance == null && loader != MessageRegistry.class.getClassLoader()) {
                instance = tryLoad(candidate, descriptor, MessageRegistry.class.getClassLoader());
            }
            if (instance != null) {
                return instance;
            }
        }
        throw new IllegalArgumentException("cannot find the generated Java class of message "
            + descriptor.getFullName() + " (tried " + candidates + "); register it with addMessage(Type.getDefaultInstance())");
    }

    private static Message tryLoad(String className, Descriptor descriptor, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        if (!GeneratedMessage.class.isAssignableFrom(type)) {
            return null;
        }
        try {
            Method getDefaultInstance = type.getMethod("getDefaultInstance");
            if (!Modifier.isStatic(getDefaultInstance.getModifiers())) {
                return null;
            }
            Message instance = (Message) getDefaultInstance.invoke(null);
            return instance.getDescriptorForType() == descriptor ? instance : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static String nestedClassName(Descriptor descriptor) {
        String name = descriptor.getName();
        for (Descriptor outer = descriptor.getContainingType(); outer != null; outer = outer.getContainingType()) {
            name = outer.getName() + "$" + name;
        }
        return name;
    }

    /** protoc's outer class name: java_outer_classname, else the file's base name in CamelCase, plus "OuterClass" on a clash. */
    private static List<String> outerClassNames(FileDescriptor file) {
        if (file.getOptions().hasJavaOuterClassname()) {
            return List.of(file.getOptions().getJavaOuterClassname());
        }
        String base = file.getName();
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.endsWith(".proto")) {
            base = base.substring(0, base.length() - ".proto".length());
        }
        StringBuilder camel = new StringBuilder();
        boolean capitalizeNext = true;
        for (char c : base.toCharArray()) {
            if (Character.isLetter(c)) {
                camel.append(capitalizeNext ? Character.toUpperCase(c) : c);
                capitalizeNext = false;
            } else if (Character.isDigit(c)) {
                camel.append(c);
                capitalizeNext = true;
            } else {
                capitalizeNext = true;
            }
        }
        return List.of(camel.toString(), camel + "OuterClass");
    }
}
