package io.gameport.sample.work;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Where blocking work goes (password hashing, database calls) so it never runs on an I/O worker
 * or a dispatch shard. A fixed number of threads and a bounded queue: when the queue is full,
 * {@link #submit} fails at once with {@link BusyException}, and the caller replies "busy" rather
 * than letting logins wait without bound. Results complete on a pool thread; the caller sends its
 * reply from there ({@code Connection.send} is safe from any thread). Thread-safe.
 */
public final class SlowWorkPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final int queueCapacity;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();

    public SlowWorkPool(String name, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be at least 1");
        }
        this.queueCapacity = queueCapacity;
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), factory, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code work} on a pool thread. The future fails with {@link BusyException} (already
     * completed when returned) if the queue is full, or with whatever the work threw.
     */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        return submit(work, () -> true);
    }

    /**
     * As {@link #submit(Callable)}, but work whose asker has gone by the time a thread takes it
     * ({@code stillWanted} false: its connection closed while it queued) is not run and its future
     * fails with {@link AbandonedException}. Under a login storm the queue's wait can outlast the
     * clients' patience or the server's login deadline; without this check every thread would
     * spend its time hashing passwords for connections that are gone, while the clients that
     * replaced them wait behind: the pool busy, nobody logged in.
     */
    public <T> CompletableFuture<T> submit(Callable<T> work, BooleanSupplier stillWanted) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (!stillWanted.getAsBoolean()) {
                    abandoned.incrementAndGet();
                    result.completeExceptionally(new AbandonedException());
                    return;
                }
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            rejected.incrementAndGet();
            result.completeExceptionally(new BusyException(queueCapacity));
        }
        return result;
    }

    /** Submissions refused because the queue was full (or the pool closed). */
    public long rejectedCount() {
        return rejected.get();
    }

    /** Work not run because its asker had gone when a thread took it (see {@link #submit(Callable, BooleanSupplier)}). */
    public long abandonedCount() {
        return abandoned.get();
    }

    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
