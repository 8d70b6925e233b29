package io.gameport.metrics;

/**
 * One named health or readiness check: {@code null} when healthy, otherwise why not in a few words
 * (the reason goes into {@code /health/ready}'s JSON, e.g. {@code "draining"} or
 * {@code "account database unreachable: Connection refused"}). Called on the ops HTTP thread: it
 * must answer quickly and take no lock an I/O thread holds (see {@link CachedHealthCheck} for a
 * check that has to wait on something slow).
 */
@FunctionalInterface
public interface HealthCheck {

    /** Why the check fails now, or null when it passes. */
    String failure();
}
