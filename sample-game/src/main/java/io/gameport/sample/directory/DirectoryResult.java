package io.gameport.sample.directory;

import java.util.Objects;

/**
 * What a {@link RoomDirectory} call returns: {@link Ok} with a value, or {@link Refused} with one
 * of the {@link DirectoryError}s and a sentence for the log. Sealed, so a caller handles exactly
 * these two cases.
 */
public sealed interface DirectoryResult<T> permits DirectoryResult.Ok, DirectoryResult.Refused {

    static <T> DirectoryResult<T> ok(T value) {
        return new Ok<>(value);
    }

    /** An {@link Ok} without a value, for calls that only succeed or fail. */
    static DirectoryResult<Void> done() {
        return new Ok<>(null);
    }

    static <T> DirectoryResult<T> refused(DirectoryError error, String detail) {
        return new Refused<>(error, detail);
    }

    /** True for {@link Ok}. */
    boolean isOk();

    /** The value of an {@link Ok} (null for {@link #done()}); throws {@link IllegalStateException} naming the error on a {@link Refused}. */
    T value();

    /** The error of a {@link Refused}; null on an {@link Ok}. */
    DirectoryError error();

    record Ok<T>(T value) implements DirectoryResult<T> {
        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public DirectoryError error() {
            return null;
        }
    }

    record Refused<T>(DirectoryError error, String detail) implements DirectoryResult<T> {
        public Refused {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("directory refused: " + error + " (" + detail + ")");
        }
    }
}
