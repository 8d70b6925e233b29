package io.gameport.sample.directory;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one room server present in the directory: registers it, renews it every
 * {@link DirectorySettings#renewIntervalMs()} with the load its {@link Reporter} gives, records its
 * rooms again when a renewal finds the registration lapsed ({@link Renewal#recreated()}), marks it
 * draining, and deregisters it on {@link #close()}. A directory that is unavailable is simply tried
 * again at the next interval (the server keeps serving its players meanwhile); a registration
 * taken over by another process with the same id ({@link DirectoryError#SUPERSEDED}) stops the
 * renewals for good, since two servers under one id would each drop the other's rooms.
 *
 * <p>{@link #tick()} is one step, callable directly (tests, a server's own timer); {@link #start()}
 * runs it on a daemon thread of its own. Thread-safe.
 */
public final class ServerPresence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerPresence.class);

    /** What the server reports: asked on every tick, from the presence's thread. */
    public interface Reporter {
        /** Players seated and rooms open now (draining is the presence's own flag). */
        ServerLoad load();

        /** Ids of the rooms the server holds now, recorded again after a lapse. */
        Collection<String> rooms();
    }

    /** What one {@link #tick()} did. */
    public enum Step { REGISTERED, RENEWED, RECREATED, RETRYING, SUPERSEDED, CLOSED }

    private final RoomDirectory directory;
    private final ServerRegistration registration;
    private final Reporter reporter;
    private final Object lock = new Object();
    private final LongAdder failures = new LongAdder();
    private final LongAdder recreations = new LongAdder();
    private ServerLease lease;
    private boolean draining;
    private boolean superseded;
    private boolean closed;
    private ScheduledExecutorService timer;

    public ServerPresence(RoomDirectory directory, ServerRegistration registration, Reporter reporter) {
        this.directory = directory;
        this.registration = registration;
        this.reporter = reporter;
    }

    /** Ticks now and then every renewal interval on a daemon thread named for the server. */
    public void start() {
        synchronized (lock) {
            if (timer != null || closed) {
                throw new IllegalStateException("presence of " + registration.serverId() + " already started or closed");
            }
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "directory-presence-" + registration.serverId());
                thread.setDaemon(true);
                return thread;
            });
            long intervalMs = directory.settings().renewIntervalMs();
            timer.scheduleWithFixedDelay(this::tickLogged, 0, intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One step: register when not yet registered, else renew (and record the rooms again after a lapse). */
    public Step tick() {
        synchronized (lock) {
            if (closed) {
                return Step.CLOSED;
            }
            if (superseded) {
                return Step.SUPERSEDED;
            }
            boolean registering = lease == null;
            if (registering) {
                DirectoryResult<ServerLease> registered = directory.register(registration);
                if (!registered.isOk()) {
                    return failed(registered);
                }
                lease = registered.value();
            }
            ServerLoad load = reporter.load().withDraining(draining);
            DirectoryResult<Renewal> renewed = directory.renew(lease, load);
            if (!renewed.isOk()) {
                return failed(renewed);
            }
            if (!renewed.value().recreated()) {
                return registering ? Step.REGISTERED : Step.RENEWED;
            }
            recreations.increment();
            for (String room : reporter.rooms()) {
                DirectoryResult<Void> recorded = directory.recordRoom(lease, room);
                if (!recorded.isOk()) {
                    return failed(recorded);
                }
            }
            return Step.RECREATED;
        }
    }

    /** Marks the server draining: no new rooms or players from now on (renewed at once). */
    public Step drain() {
        synchronized (lock) {
            draining = true;
        }
        return tick();
    }

    /** The lease while registered (empty before the first successful registration). */
    public Optional<ServerLease> lease() {
        synchronized (lock) {
            return Optional.ofNullable(lease);
        }
    }

    /** True once another process registered under this id: this one is no longer in the directory. */
    public boolean superseded() {
        synchronized (lock) {
            return superseded;
        }
    }

    /** Ticks that could not reach the directory or were refused. */
    public long failures() {
        return failures.sum();
    }

    /** Renewals that found the registration lapsed and wrote it, and the rooms, anew. */
    public long recreations() {
        return recreations.sum();
    }

    /** Stops renewing and deregisters (its rooms and unclaimed reservations go with it). */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = timer;
            if (lease != null && !superseded) {
                DirectoryResult<Void> gone = directory.deregister(lease);
                if (!gone.isOk()) {
                    LOG.warn("room directory: server {} could not deregister ({}); it lapses within {} ms",
                            registration.serverId(), gone, directory.settings().serverTtlMs());
                }
            }
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
    }

    private Step failed(DirectoryResult<?> refused) {
        failures.increment();
        if (refused.error() == DirectoryError.SUPERSEDED) {
            superseded = true;
            LOG.error("room directory: server {} was registered by another process under the same id: {}",
                    registration.serverId(), refused);
            return Step.SUPERSEDED;
        }
        if (refused.error() == DirectoryError.NOT_REGISTERED) {
            // Lapsed between the renewal and a room record: the next tick writes it anew.
            return Step.RETRYING;
        }
        LOG.warn("room directory: server {} not renewed, retried in {} ms: {}", registration.serverId(),
                directory.settings().renewIntervalMs(), refused);
        return Step.RETRYING;
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A timer task that throws is never run again: log it and keep the presence alive.
            failures.increment();
            LOG.error("room directory: presence of {} failed", registration.serverId(), e);
        }
    }
}
