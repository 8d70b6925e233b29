package io.gameport.sample.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LatencyHistogramTest {

    @Test
    void percentilesOfAUniformSpreadAreWithinATenthOfAPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.recordMicros(ms * 1000L);
        }
        assertEquals(1000, histogram.count());
        assertEquals(500, histogram.percentileMillis(0.5), 0.5);
        assertEquals(990, histogram.percentileMillis(0.99), 0.99);
        assertEquals(999, histogram.percentileMillis(0.999), 0.999);
    }

    @Test
    void smallValuesAreExactAndTheTailIsNotHiddenByTheMedian() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 998; i++) {
            histogram.recordMicros(100);
        }
        histogram.recordMicros(250_000);
        histogram.recordMicros(250_000);
        assertEquals(0.1, histogram.percentileMillis(0.5), 1e-9);
        assertEquals(0.1, histogram.percentileMillis(0.99), 1e-9);
        assertEquals(250, histogram.percentileMillis(0.999), 0.25);
    }

    @Test
    void readingTwiceKeepsWhatTheFirstReadCollected() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMicros(1_000);
        assertEquals(1, histogram.count());
        histogram.recordMicros(3_000);
        assertEquals(2, histogram.count());
        assertEquals(3, histogram.percentileMillis(1.0), 0.003);
    }

    @Test
    void anIntervalHoldsOnlyWhatWasRecordedSinceThePreviousOneWhileTheTotalKeepsEverything() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 100; i++) {
            histogram.recordMicros(1_000);
        }
        LatencyInterval first = histogram.takeInterval();
        for (int i = 0; i < 100; i++) {
            histogram.recordMicros(50_000);
        }
        LatencyInterval second = histogram.takeInterval();
        LatencyInterval empty = histogram.takeInterval();

        assertEquals(100, first.count());
        assertEquals(1, first.p99Ms(), 0.001);
        assertEquals(100, second.count());
        assertEquals(50, second.p50Ms(), 0.05);
        assertEquals(new LatencyInterval(0, 0, 0, 0), empty);
        assertEquals(200, histogram.count(), "taking intervals leaves the total alone");
        histogram.reset();
        histogram.recordMicros(2_000);
        assertEquals(1, histogram.takeInterval().count(), "a reset starts the interval again");
    }

    @Test
    void resetEmptiesItAndNegativeOrHugeValuesAreClampedToTheRange() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMicros(-5);
        histogram.recordMicros(Long.MAX_VALUE);
        assertEquals(2, histogram.count());
        assertEquals(0, histogram.percentileMillis(0.5));
        assertEquals(LatencyHistogram.HIGHEST_MICROS / 1000.0, histogram.percentileMillis(1.0),
                LatencyHistogram.HIGHEST_MICROS / 1000.0 / 1000);
        histogram.reset();
        assertEquals(0, histogram.count());
        assertEquals(0, histogram.percentileMillis(0.99));
    }

    @Test
    void everyValueRecordedFromManyThreadsWhileReadingIsCounted() throws Exception {
        LatencyHistogram histogram = new LatencyHistogram();
        int threads = 4;
        int each = 50_000;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    histogram.recordMicros(i % 5_000);
                }
            });
            writers.add(writer);
            writer.start();
        }
        long seenWhileWriting = 0;
        for (Thread writer : writers) {
            while (writer.isAlive()) {
                seenWhileWriting = Math.max(seenWhileWriting, histogram.count());
            }
            writer.join();
        }
        assertEquals((long) threads * each, histogram.count());
    }
}
