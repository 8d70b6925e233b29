package io.gameport.settings;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Copies a settings record with one component replaced, so that each {@code with…} method of a
 * settings record is one line naming its component instead of a call to the canonical
 * constructor that lists every field (which every new field would have to be added to, in every
 * {@code with…}). The copy goes through the canonical constructor, so it is validated like any
 * other instance. Settings are built at start-up, never on a hot path: the reflection costs
 * nothing that matters there.
 */
public final class Records {

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                return new Shape(components, type.getDeclaredConstructor(types));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record always has its canonical constructor: " + type.getName(), e);
            }
        }
    };

    private Records() {
    }

    /**
     * A copy of {@code record} whose component named {@code component} is {@code value}; the others
     * are read from {@code record}. Throws what the record's constructor throws for a bad value.
     *
     * @throws IllegalArgumentException when the record has no component of that name
     */
    public static <R extends Record> R with(R record, String component, Object value) {
        Shape shape = SHAPES.get(record.getClass());
        Object[] args = new Object[shape.components.length];
        boolean found = false;
        for (int i = 0; i < args.length; i++) {
            RecordComponent each = shape.components[i];
            if (each.getName().equals(component)) {
                args[i] = value;
                found = true;
            } else {
                args[i] = read(each, record);
            }
        }
        if (!found) {
            throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no setting named " + component);
        }
        @SuppressWarnings("unchecked")
        R copy = (R) construct(shape.canonical, args);
        return copy;
    }

    /** The value of one component of {@code record}. */
    public static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getName(), e);
        }
    }

    private static Object construct(Constructor<?> canonical, Object[] args) {
        try {
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + canonical.getDeclaringClass().getName(), e);
        }
    }

    /** The constructor's own exception (a validation message naming the setting), not its reflective wrapper. */
    private static RuntimeException rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause);
    }

    private record Shape(RecordComponent[] components, Constructor<?> canonical) {
    }
}
