package io.gameport.transport;

/**
 * How a completion's result and flags are encoded. A negative result carries the backend's
 * native error code (errno or a Windows code) negated, so that success costs no extra field.
 */
public final class Completions {

    /** The operation stays armed; more completions with the same token follow. */
    public static final int FLAG_MORE = 1;

    private Completions() {
    }

    public static boolean isError(long result) {
        return result < 0;
    }

    /** The native error code of a failed result, in the backend's {@link ErrorSpace}. */
    public static int errorCode(long result) {
        return (int) -result;
    }

    /** Encodes a native error code as a result. */
    public static long failure(int nativeCode) {
        if (nativeCode <= 0) {
            throw new IllegalArgumentException("native error codes are positive: " + nativeCode);
        }
        return -(long) nativeCode;
    }

    public static boolean more(int flags) {
        return (flags & FLAG_MORE) != 0;
    }
}
