package io.gameport.transport.iocp;

import java.nio.ByteBuffer;

/**
 * The port's small native area for the arguments and out-parameters of its synchronous calls
 * (addresses, option values, lengths): {@code view} reads and writes the memory at
 * {@code address}. Freed by the port's close; owner thread only.
 */
record Scratch(long address, ByteBuffer view) {
}
