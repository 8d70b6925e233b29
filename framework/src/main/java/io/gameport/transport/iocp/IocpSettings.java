package io.gameport.transport.iocp;

import io.gameport.settings.Records;
import io.gameport.settings.Require;

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

    public IocpSettings {
        Require.set("IocpSettings.receiveMode", receiveMode);
        Require.atLeast("IocpSettings.drainBufferBytes", drainBufferBytes, 1);
        Require.atLeast("IocpSettings.maxDrainRounds", maxDrainRounds, 1);
        Require.atLeast("IocpSettings.postedReceiveBufferBytes", postedReceiveBufferBytes, 1);
        Require.atLeast("IocpSettings.acceptsPerListener", acceptsPerListener, 1);
        Require.atLeast("IocpSettings.dequeueBatch", dequeueBatch, 1);
        // One slab of slots, indexed by int.
        Require.inRange("IocpSettings.maxOperations", maxOperations, 1, Integer.MAX_VALUE / SlotLayout.SIZE);
        Require.atLeast("IocpSettings.resourceRetryInitialMs", resourceRetryInitialMs, 1);
        Require.atLeast("IocpSettings.resourceRetryMaxMs", resourceRetryMaxMs, "resourceRetryInitialMs", resourceRetryInitialMs);
        Require.atLeast("IocpSettings.resourceRetryMaxAttempts", resourceRetryMaxAttempts, 1);
    }

    /**
     * Zero-byte receives draining into 64 KiB up to 32 rounds, 16 KiB posted buffers, 8 AcceptEx per
     * listener, skip-on-success, 128 entries per dequeue, 65,536 operation slots, retries from 1 ms
     * doubling to 64 ms, 20 attempts.
     */
    public static IocpSettings defaults() {
        return new IocpSettings(IocpReceiveMode.ZERO_BYTE, 64 * 1024, 32, 16 * 1024, 8, true, 128, 65_536, 1, 64, 20);
    }

    public IocpSettings withReceiveMode(IocpReceiveMode value) {
        return Records.with(this, "receiveMode", value);
    }

    public IocpSettings withDrainBufferBytes(int value) {
        return Records.with(this, "drainBufferBytes", value);
    }

    public IocpSettings withMaxDrainRounds(int value) {
        return Records.with(this, "maxDrainRounds", value);
    }

    public IocpSettings withPostedReceiveBufferBytes(int value) {
        return Records.with(this, "postedReceiveBufferBytes", value);
    }

    public IocpSettings withAcceptsPerListener(int value) {
        return Records.with(this, "acceptsPerListener", value);
    }

    public IocpSettings withSkipCompletionPortOnSuccess(boolean value) {
        return Records.with(this, "skipCompletionPortOnSuccess", value);
    }

    public IocpSettings withDequeueBatch(int value) {
        return Records.with(this, "dequeueBatch", value);
    }

    public IocpSettings withMaxOperations(int value) {
        return Records.with(this, "maxOperations", value);
    }

    public IocpSettings withResourceRetryInitialMs(int value) {
        return Records.with(this, "resourceRetryInitialMs", value);
    }

    public IocpSettings withResourceRetryMaxMs(int value) {
        return Records.with(this, "resourceRetryMaxMs", value);
    }

    public IocpSettings withResourceRetryMaxAttempts(int value) {
        return Records.with(this, "resourceRetryMaxAttempts", value);
    }
}
