package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gameport.transport.BackendUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A port that cannot start makes start-up fall back (one line), and leaves no mapping behind. */
class IoUringStartFailureTest {

    @Test
    void probeTurnsARuntimeFailureOfThePortIntoOneLineBackendUnavailable() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> IoUringBackend.probe(() -> {
                    throw new IllegalArgumentException("a view covers at most 2 GiB: 2147483648\nsecond line");
                }, "0"));
        assertTrue(e.getMessage().startsWith("io_uring unavailable"), e.getMessage());
        assertTrue(e.getMessage().contains("2 GiB"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void bufferRingThatFailsAfterMappingUnmapsBothMappings() throws IOException {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"), "needs Linux");
        long before = virtualBytes();
        // 32768 x 65536 = 2^31 bytes: both mmaps succeed (nothing is touched), the view of the
        // buffers cannot be made. The ring fd is never reached.
        assertThrows(IllegalArgumentException.class, () -> new ProvidedBufferRing(-1, (short) 0, 32768, 65536));
        long grown = virtualBytes() - before;
        assertTrue(grown < (1L << 30), "address space grew by " + grown + " bytes: the 2 GiB mapping leaked");
    }

    /** This process's virtual size (VmSize), in bytes. */
    private static long virtualBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmSize:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmSize in /proc/self/status");
    }
}
