package io.gameport.nativeio.windows;

import java.io.IOException;

/** A synchronous Windows call failed; {@link #code()} is its Win32/Winsock error, named in the message. */
public final class WinCallException extends IOException {

    private final int code;

    public WinCallException(String call, int code) {
        super(call + " failed: " + WinError.name(code) + " (" + code + ")");
        this.code = code;
    }

    public int code() {
        return code;
    }
}
