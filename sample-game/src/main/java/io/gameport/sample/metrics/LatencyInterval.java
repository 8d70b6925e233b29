package io.gameport.sample.metrics;

/** How many latencies one interval recorded and their percentiles in milliseconds (0 when none). */
public record LatencyInterval(long count, double p50Ms, double p99Ms, double p999Ms) {
}
