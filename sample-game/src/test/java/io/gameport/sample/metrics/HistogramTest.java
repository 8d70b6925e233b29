package io.gameport.sample.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void percentilesOfAUniformSpreadAreWithinTheBucketResolution() {
        Histogram histogram = new Histogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.recordMicros(ms * 1000L);
        }
        assertEquals(1000, histogram.count());
        assertEquals(500, histogram.percentileMillis(0.5), 500 / 64.0);
        assertEquals(990, histogram.percentileMillis(0.99), 990 / 64.0);
        assertEquals(999, histogram.percentileMillis(0.999), 999 / 64.0);
    }

    @Test
    void smallValuesAreExactAndTheTailIsNotHiddenByTheMedian() {
        Histogram histogram = new Histogram();
        for (int i = 0; i < 998; i++) {
            histogram.recordMicros(100);
        }
        histogram.recordMicros(250_000);
        histogram.recordMicros(250_000);
        assertEquals(0.1, histogram.percentileMillis(0.5), 1e-9);
        assertEquals(0.1, histogram.percentileMillis(0.99), 1e-9);
        assertEquals(250, histogram.percentileMillis(0.999), 250 / 64.0);
    }

    @Test
    void everyBucketsUpperBoundMapsBackToThatBucket() {
        for (int index = 0; index < 1900; index++) {
            long upper = Histogram.upperBound(index);
            assertEquals(index, Histogram.index(upper), "bucket " + index);
            assertEquals(index + 1, Histogram.index(upper + 1), "bucket after " + index);
        }
    }

    @Test
    void resetEmptiesItAndNegativeOrHugeValuesAreKept() {
        Histogram histogram = new Histogram();
        histogram.recordMicros(-5);
        histogram.recordMicros(Long.MAX_VALUE);
        assertEquals(2, histogram.count());
        assertTrue(histogram.percentileMillis(1.0) > 9 * 3_600_000.0, "the last bucket holds about 9 hours and up");
        histogram.reset();
        assertEquals(0, histogram.count());
        assertEquals(0, histogram.percentileMillis(0.99));
    }

    @Test
    void anIntervalHoldsOnlyWhatWasRecordedSinceThePreviousOneWhileTheTotalKeepsEverything() {
        Histogram histogram = new Histogram();
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
        assertEquals(1, first.p99Ms(), 1 / 64.0);
        assertEquals(100, second.count());
        assertEquals(50, second.p50Ms(), 50 / 64.0);
        assertEquals(new LatencyInterval(0, 0, 0, 0), empty);
        assertEquals(200, histogram.count(), "taking intervals leaves the total alone");
    }
}
