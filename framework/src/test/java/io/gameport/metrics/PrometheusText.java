package io.gameport.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads Prometheus text exposition with parsers no one here wrote: {@code promtool check metrics}
 * (Prometheus's own linter, Debian package {@code prometheus}) must accept it, and the Prometheus
 * Python client's parser ({@code python3-prometheus-client}) turns it into samples. When a tool is
 * missing the test is skipped with a message saying which; with {@value #REQUIRE_ENV}=1 (as
 * {@code .ci/run} sets) a missing tool fails it instead.
 */
public final class PrometheusText {

    public static final String REQUIRE_ENV = "GAMEPORT_REQUIRE_METRICS_TOOLS";

    /** One sample: a series' name (with its _total or _count suffix), its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final String PARSER = String.join("\n",
            "import sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for family in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in family.samples:",
            "        labels = ''.join(k + '\\x1f' + v + '\\x1e' for k, v in sorted(s.labels.items()))",
            "        print(s.name + '\\t' + labels + '\\t' + repr(float(s.value)))");

    private PrometheusText() {
    }

    /** Skips (or, in CI, fails) the calling test unless promtool and the Python parser are both installed. */
    public static void assumeToolsPresent() throws Exception {
        List<String> missing = new ArrayList<>();
        if (!runs("promtool", "--version")) {
            missing.add("promtool (Debian package prometheus)");
        }
        if (python() == null) {
            missing.add("the Prometheus Python client (Debian package python3-prometheus-client)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the exposition format is checked by real parsers, and these are missing: " + missing;
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            fail(message + " (" + REQUIRE_ENV + "=1: .ci/run installs them)");
        }
        Assumptions.assumeTrue(false, message);
    }

    /** Fails with promtool's complaints unless {@code promtool check metrics} accepts {@code text}. */
    public static void assertPromtoolAccepts(String text) throws Exception {
        Result result = run(text, "promtool", "check", "metrics");
        assertEquals(0, result.exit, () -> "promtool check metrics rejected the scrape:\n" + result.output);
    }

    /** Every sample in {@code text}, as Prometheus's Python client parses them. */
    public static List<Sample> parse(String text) throws Exception {
        Result result = run(text, python(), "-c", PARSER);
        assertEquals(0, result.exit, () -> "the Prometheus Python parser rejected the scrape:\n" + result.output);
        List<Sample> samples = new ArrayList<>();
        for (String line : result.output.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            Map<String, String> labels = new TreeMap<>();
            for (String pair : fields[1].split("\u001e")) {
                if (!pair.isEmpty()) {
                    String[] kv = pair.split("\u001f", -1);
                    labels.put(kv[0], kv[1]);
                }
            }
            samples.add(new Sample(fields[0], labels, Double.parseDouble(fields[2])));
        }
        return samples;
    }

    /**
     * GETs {@code uri} (a {@code /metrics} endpoint) over HTTP, checks the answer is 200 in text format
     * 0.0.4 and that promtool accepts it, and returns its samples as the Python parser reads them.
     */
    public static List<Sample> scrape(java.net.URI uri) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> "GET " + uri + ": " + response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/plain; version=0.0.4")) {
            fail("GET " + uri + " answered " + type + ", not Prometheus text format 0.0.4");
        }
        assertPromtoolAccepts(response.body());
        return parse(response.body());
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    public static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream()
                .filter(s -> s.name.equals(name) && s.labels.entrySet().containsAll(labels.entrySet())).toList();
        if (matching.size() != 1) {
            fail(matching.size() + " samples named " + name + " with labels " + labels + ": " + matching);
        }
        return matching.get(0).value;
    }

    private record Result(int exit, String output) {
    }

    /** The first Python that has the parser: the one on PATH, else Debian's (a pyenv on PATH does not see Debian's packages). */
    private static String python() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (runs(candidate, "-c", "import prometheus_client.parser")) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean runs(String... command) {
        try {
            return run("", command).exit == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Result run(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
