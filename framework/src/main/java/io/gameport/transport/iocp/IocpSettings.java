package io.gameport.transport.iocp;

/**
 * Settings of the IOCP backend, validated on construction. Sizes are per port (per I/O worker).
 *
 * @param receiveMode               zero-byte receives (default) or posted buffers
 * @param drainBufferBytes          the port-owned buffer the zero-byte drain reads into
 * @param maxDrainRounds            recv calls per readable completion before re-arming, so one
 *                                  flooding peer cannot starve the others (libuv#2027)
 * @param postedReceiveBufferBytes  the buffer of each armed receive in POSTED_BUFFERS mode
 * @param acceptsPerListener        AcceptEx operations kept outstanding per armed listener
 * @param skipCompletionPortOnSuccess set FILE_SKIP_COMPLETION_PORT_ON_SUCCESS on sockets: inline
 *                                  successes are handled without a packet. Turn off where a
 *                                  non-IFS layered service provider is installed.
 * @param dequeueBatch              OVERLAPPED_ENTRYs per GetQueuedCompletionStatusEx
 * @param maxOperations             operation slots a port may commit (each 512 bytes of native memory)
 * @param resourceRetryInitialMs    first back-off when starting an operation fails with 1450/10055
 * @param resourceRetryMaxMs        back-off ceiling (doubling from the initial value)
 * @param resourceRetryMaxAttempts  attempts before the failure is delivered to the caller
 */
public record IocpSettings(
        IocpReceiveMode receiveMode,
        int drainBufferBytes,
        int maxDrainRounds,
        int postedReceiveBufferBytes,
        int acceptsPerListener,
        boolean skipCompletionPortOnSuccess,
        int dequeueBatch,
        int maxOperations,
        int resourceRetryInitialMs,
        int resourceRetryMaxMs,
        int resourceRetryMaxAttempts) {

    public static final IocpSettings DEFAULTS = new IocpSettings(
            IocpReceiveMode.ZERO_BYTE, 64 * 1024, 32, 16 * 1024, 8, true, 128, 65_536, 1, 64, 20);

    public IocpSettings {
        if (receiveMode == null) {
            throw new IllegalArgumentException("receiveMode is required");
        }
        positive("drainBufferBytes", drainBufferBytes);
        positive("maxDrainRounds", maxDrainRounds);
        positive("postedReceiveBufferBytes", postedReceiveBufferBytes);
        positive("acceptsPerListener", acceptsPerListener);
        positive("dequeueBatch", dequeueBatch);
        positive("maxOperations", maxOperations);
        positive("resourceRetryInitialMs", resourceRetryInitialMs);
        positive("resourceRetryMaxAttempts", resourceRetryMaxAttempts);
        if (resourceRetryMaxMs < resourceRetryInitialMs) {
            throw new IllegalArgumentException("resourceRetryMaxMs < resourceRetryInitialMs: " + resourceRetryMaxMs);
        }
        if ((long) maxOperations * SlotLayout.SIZE > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxOperations too large for one slab: " + maxOperations);
        }
    }

    public IocpSettings withReceiveMode(IocpReceiveMode mode) {
        return new IocpSettings(mode, drainBufferBytes, maxDrainRounds, postedReceiveBufferBytes, acceptsPerListener,
                skipCompletionPortOnSuccess, dequeueBatch, maxOperations, resourceRetryInitialMs, resourceRetryMaxMs,
                resourceRetryMaxAttempts);
    }

    public IocpSettings withSkipCompletionPortOnSuccess(boolean skip) {
        return new IocpSettings(receiveMode, drainBufferBytes, maxDrainRounds, postedReceiveBufferBytes, acceptsPerListener,
                skip, dequeueBatch, maxOperations, resourceRetryInitialMs, resourceRetryMaxMs, resourceRetryMaxAttempts);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }
}
