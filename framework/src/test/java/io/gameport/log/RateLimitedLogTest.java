package io.gameport.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.testing.CountingLogger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final CountingLogger logger = new CountingLogger("test");
    private final RateLimitedLog log = new RateLimitedLog(logger, "bad frames", 3, 1, TimeUnit.SECONDS, now::get);

    @Test
    void writesAtMostItsLinesPerWindowAndThenOneLineWithTheNumberSuppressed() {
        for (int i = 0; i < 10_000; i++) {
            log.warn("bad frame {}", i);
        }
        assertEquals(3, logger.lines().size());
        assertEquals(9_997, log.suppressed());

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        log.warn("bad frame {}", "still the same window");
        assertEquals(3, logger.lines().size(), "the window has not passed");

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        log.warn("bad frame {}", "next window");
        assertEquals(5, logger.lines().size());
        assertEquals("WARN bad frames: 9998 more such lines suppressed in the last 1000 ms", logger.lines().get(3));
        assertEquals("WARN bad frame next window", logger.lines().get(4));
    }

    @Test
    void aQuietWindowWritesNoSummary() {
        log.warn("one {}", 1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        log.warn("two {}", 2);
        assertEquals(2, logger.lines().size());
        assertEquals(0, log.suppressed());
    }

    @Test
    void rejectsAnEmptyBudgetOrWindow() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimitedLog(logger, "x", 0, 1, TimeUnit.SECONDS, now::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimitedLog(logger, "x", 1, 0, TimeUnit.SECONDS, now::get));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PeerLogs(now::get, 0, c -> logger))
                .getMessage().contains("linesPerSecond"));
    }
}
