package io.gameport.session;

import java.util.Objects;

/**
 * A typed key for {@link Session} attributes. Keys compare by identity: declare each once as a
 * constant, e.g. {@code static final AttributeKey<Long> PLAYER_ID = AttributeKey.of("playerId", Long.class);}
 */
public final class AttributeKey<T> {
    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        return new AttributeKey<>(name, type);
    }

    public String name() {
        return name;
    }

    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name + ":" + type.getSimpleName();
    }
}
