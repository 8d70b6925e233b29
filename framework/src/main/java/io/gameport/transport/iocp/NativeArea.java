package io.gameport.transport.iocp;

import java.nio.ByteBuffer;

/**
 * A piece of the port's native memory ({@code address}) with a native-order view of it: the
 * scratch area for the arguments and out-parameters of synchronous calls, the drain buffer of
 * zero-byte receives, the OVERLAPPED_ENTRY array of a dequeue. Allocated by
 * {@link IocpPort#open} and freed by its close; owner thread only.
 */
record NativeArea(long address, ByteBuffer view) {
}
