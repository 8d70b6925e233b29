package io.gameport.transport.iouring;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * The native address of a direct {@link ByteBuffer}, needed to hand a caller's send buffer to the
 * kernel. The fast path reads {@code java.nio.Buffer.address} through {@code sun.misc.Unsafe}
 * (module jdk.unsupported, open to class-path code without flags; Netty and Agrona do the same):
 * no allocation and no JNI call per buffer. Where Unsafe is absent the JNA fallback costs a JNI
 * call and a {@link Pointer} allocation per buffer.
 */
final class DirectBufferAddress {

    private static final sun.misc.Unsafe UNSAFE;
    private static final long ADDRESS_FIELD_OFFSET;

    static {
        sun.misc.Unsafe unsafe = null;
        long offset = -1;
        try {
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
            offset = unsafe.objectFieldOffset(Buffer.class.getDeclaredField("address"));
            ByteBuffer probe = ByteBuffer.allocateDirect(1);
            if (unsafe.getLong(probe, offset) != Pointer.nativeValue(Native.getDirectBufferPointer(probe))) {
                unsafe = null;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unsafe = null;
        }
        UNSAFE = unsafe;
        ADDRESS_FIELD_OFFSET = offset;
    }

    private DirectBufferAddress() {
    }

    /** Address of the buffer's element 0 (add its position yourself). The buffer must be direct. */
    static long of(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("send buffers must be direct: the kernel reads them after the call returns");
        }
        if (UNSAFE != null) {
            return UNSAFE.getLong(buffer, ADDRESS_FIELD_OFFSET);
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }
}
