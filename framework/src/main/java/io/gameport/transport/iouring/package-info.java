/**
 * The Linux io_uring completion backend: {@link io.gameport.transport.iouring.IoUringBackend} and
 * its per-worker {@link io.gameport.transport.iouring.IoUringPort}.
 *
 * <h2>Data path</h2>
 * Each port owns one ring created on its worker thread (SINGLE_ISSUER | DEFER_TASKRUN, falling
 * back to COOP_TASKRUN on 6.0). Starting an operation writes an SQE into the mapped SQ through a
 * direct ByteBuffer; {@code poll} publishes the SQ tail and makes exactly one io_uring_enter
 * (submit and, when blocking, wait), then reads CQEs from the mapped CQ and publishes the new head.
 * Kernel-shared indices are accessed only with acquire/release VarHandles.
 *
 * <h2>Native memory lifetimes</h2>
 * <ul>
 *   <li>Ring mappings and the provided buffer ring live as long as the port.</li>
 *   <li>A receive buffer is the kernel's until its CQE names it, ours during the handler call,
 *   and back in the ring right after.</li>
 *   <li>msghdr/iovec (gathering send), sockaddr (connect) and timespec (accept back-off) live in
 *   {@link io.gameport.transport.iouring.NativeBlockPool} blocks freed when the operation's final
 *   CQE is reaped, never earlier.</li>
 *   <li>Port close cancels and reaps whatever the kernel still holds before unmapping anything;
 *   memory of an operation that never completes is leaked on purpose, never freed under the kernel.</li>
 * </ul>
 *
 * <h2>Internal operations</h2>
 * The caller's token is opaque, so user_data carries a slot of
 * {@link io.gameport.transport.iouring.OperationTable} (index, generation, sub-operation). Internal
 * operations (wake-up read, cancels, the close chain's cancel and shutdown, accept back-off timers)
 * have slots too and are never delivered; a CQE naming no live slot is counted and dropped.
 */
package io.gameport.transport.iouring;
