package io.gameport.transport;

/** Where a native error code comes from: Linux errno or Windows (Win32 and Winsock) codes. */
public enum ErrorSpace {
    ERRNO,
    WINDOWS
}
