package io.gameport.nativeio.windows;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lays out a C struct by the Windows x64 (MSVC) rules, from field sizes and alignments alone: each
 * field starts at the next multiple of its alignment, and the struct's size is rounded up to its
 * largest alignment. The layout tests compare the hand-written *_OFFSET constants with this, so they
 * need no Windows compiler and run on any OS.
 */
final class X64Struct {
    static final int POINTER = 8;   // PVOID, HANDLE, ULONG_PTR, SOCKET, LPxxx
    static final int DWORD = 4;     // DWORD, ULONG, int, BOOL (LLP64: long is 32 bits)
    static final int WORD = 2;      // WORD, USHORT, u_short, ADDRESS_FAMILY
    static final int BYTE = 1;

    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private int size;
    private int alignment = 1;

    /** A scalar field of {@code bytes}, aligned to its own size. */
    X64Struct scalar(String name, int bytes) {
        return field(name, bytes, bytes);
    }

    /** An array or nested struct of {@code bytes} total, aligned to {@code align}. */
    X64Struct field(String name, int bytes, int align) {
        size = (size + align - 1) / align * align;
        offsets.put(name, size);
        size += bytes;
        alignment = Math.max(alignment, align);
        return this;
    }

    int offset(String name) {
        Integer offset = offsets.get(name);
        if (offset == null) {
            throw new IllegalArgumentException("no field " + name);
        }
        return offset;
    }

    int size() {
        return (size + alignment - 1) / alignment * alignment;
    }

    int alignment() {
        return alignment;
    }
}
