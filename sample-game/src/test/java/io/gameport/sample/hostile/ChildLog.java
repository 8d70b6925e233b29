package io.gameport.sample.hostile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything a child server wrote to stdout and stderr (merged), one entry per line, drained on a
 * daemon thread from the moment the child starts: a child that logs a flood must never block on a
 * full pipe (that would hide the flood and stall the server). Counts every line and character;
 * keeps the first {@link #KEPT_LINES} lines for searching, so a runaway child costs the test JVM
 * bounded memory while its volume is still measured.
 */
public final class ChildLog {

    /** Lines kept for {@link #awaitLine} and {@link #count}; later lines are only counted. */
    public static final int KEPT_LINES = 200_000;

    private final List<String> kept = new ArrayList<>();
    private long lines;
    private long chars;
    private boolean ended;

    ChildLog(InputStream output, String name) {
        Thread reader = new Thread(() -> drain(output), name + "-log");
        reader.setDaemon(true);
        reader.start();
    }

    private void drain(InputStream output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                add(line);
            }
        } catch (IOException e) {
            add("[harness] reading the child's output failed: " + e);
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void add(String line) {
        lines++;
        chars += line.length() + 1;
        if (kept.size() < KEPT_LINES) {
            kept.add(line);
        }
        notifyAll();
    }

    /** Lines written so far (all of them, kept or not). */
    public synchronized long lineCount() {
        return lines;
    }

    /** Characters written so far, line ends included. */
    public synchronized long charCount() {
        return chars;
    }

    /** The kept lines that match. */
    public synchronized long count(Predicate<String> matching) {
        return kept.stream().filter(matching).count();
    }

    /** The kept lines that contain every one of {@code parts}. */
    public long countContaining(String... parts) {
        return count(line -> containsAll(line, parts));
    }

    /**
     * Waits for a line that matches (one already written counts) and returns it; throws an
     * AssertionError naming {@code what}, with the log's tail, if none comes within {@code bound}
     * or the child's output ends first. The bound is a hang guard, never a measurement.
     */
    public synchronized String awaitLine(String what, Predicate<String> matching, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        int searched = 0;
        while (true) {
            for (; searched < kept.size(); searched++) {
                if (matching.test(kept.get(searched))) {
                    return kept.get(searched);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0 || kept.size() >= KEPT_LINES) {
                throw new AssertionError("no log line " + what + " within " + bound.toSeconds() + " s"
                        + (ended ? " (the child's output ended)" : "") + "; log tail:\n" + tail(40));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** {@link #awaitLine} for a line containing every one of {@code parts}. */
    public String awaitLineContaining(Duration bound, String... parts) throws InterruptedException {
        return awaitLine("containing " + String.join(" and ", parts), line -> containsAll(line, parts), bound);
    }

    /** The last {@code n} kept lines, for failure messages. */
    public synchronized String tail(int n) {
        List<String> last = kept.subList(Math.max(0, kept.size() - n), kept.size());
        return String.join("\n", last) + (lines > kept.size() ? "\n[... " + (lines - kept.size()) + " later lines not kept]" : "");
    }

    /** Waits until the child's output has ended (the child exited and the pipe drained), bounded. */
    synchronized boolean awaitEnd(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    static boolean containsAll(String line, String... parts) {
        for (String part : parts) {
            if (!line.contains(part)) {
                return false;
            }
        }
        return true;
    }
}
