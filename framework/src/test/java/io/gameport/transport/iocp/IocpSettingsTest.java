package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IocpSettingsTest {

    private static final IocpSettings D = IocpSettings.defaults();

    @Test
    void defaultsUseZeroByteReceivesAndSkipOnSuccess() {
        assertEquals(IocpReceiveMode.ZERO_BYTE, D.receiveMode());
        assertTrue(D.skipCompletionPortOnSuccess());
        assertEquals(32, D.maxDrainRounds());
        assertEquals(128, D.dequeueBatch());
    }

    @Test
    void withersChangeOnlyTheirSetting() {
        IocpSettings posted = D.withReceiveMode(IocpReceiveMode.POSTED_BUFFERS);
        assertEquals(IocpReceiveMode.POSTED_BUFFERS, posted.receiveMode());
        assertEquals(D.withReceiveMode(IocpReceiveMode.ZERO_BYTE), D);
        IocpSettings noSkip = D.withSkipCompletionPortOnSuccess(false);
        assertFalse(noSkip.skipCompletionPortOnSuccess());
        assertEquals(D.acceptsPerListener(), noSkip.acceptsPerListener());
    }

    @Test
    void rejectsNonPositiveSizesAndAnInvertedBackOff() {
        assertThrows(IllegalArgumentException.class, () -> new IocpSettings(IocpReceiveMode.ZERO_BYTE, 0, 32, 16384, 8, true, 128,
                1024, 1, 64, 20));
        assertThrows(IllegalArgumentException.class, () -> new IocpSettings(IocpReceiveMode.ZERO_BYTE, 65536, 32, 16384, 0, true,
                128, 1024, 1, 64, 20));
        assertThrows(IllegalArgumentException.class, () -> new IocpSettings(IocpReceiveMode.ZERO_BYTE, 65536, 32, 16384, 8, true,
                128, 1024, 10, 5, 20));
        assertThrows(IllegalArgumentException.class, () -> new IocpSettings(null, 65536, 32, 16384, 8, true, 128, 1024, 1, 64, 20));
    }

    @Test
    void rejectsASlabLargerThanOneAddressableView() {
        assertThrows(IllegalArgumentException.class, () -> new IocpSettings(IocpReceiveMode.ZERO_BYTE, 65536, 32, 16384, 8, true,
                128, Integer.MAX_VALUE / SlotLayout.SIZE + 1, 1, 64, 20));
    }
}
