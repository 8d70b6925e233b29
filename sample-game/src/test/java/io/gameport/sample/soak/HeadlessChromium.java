package io.gameport.sample.soak;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, for tests that open a page in a real browser. Where it is absent
 * the test is skipped with a message saying so; with {@code GAMEPORT_REQUIRE_CHROMIUM=true} (CI
 * sets it) absence fails the test instead.
 */
final class HeadlessChromium {

    static final String REQUIRE_VARIABLE = "GAMEPORT_REQUIRE_CHROMIUM";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser");
    /** Lets the page's timers run (uPlot draws after construction) before the DOM is read. */
    private static final int VIRTUAL_TIME_BUDGET_MS = 10_000;
    private static final long RUN_LIMIT_SECONDS = 120;

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The browser on PATH, or the test is skipped (failed under {@value #REQUIRE_VARIABLE}=true) without it. */
    static HeadlessChromium require() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return new HeadlessChromium(candidate);
                }
            }
        }
        String message = "chromium is not installed (apt-get install chromium): the report is not opened in a browser";
        if (Boolean.parseBoolean(System.getenv(REQUIRE_VARIABLE))) {
            fail(message + ", and " + REQUIRE_VARIABLE + "=true requires it");
        }
        assumeTrue(false, message);
        return null;
    }

    /** The page's DOM after it loaded and its timers ran, as chromium serializes it. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"));
    }

    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(page, List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath()));
    }

    private String run(Path page, List<String> action) throws IOException, InterruptedException {
        // A profile of its own: runs side by side do not share (or lock) one.
        Path profile = Files.createTempDirectory("gameport-chromium");
        Path output = profile.resolve("stdout");
        Path errors = profile.resolve("stderr");
        try {
            List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--disable-gpu",
                    "--no-sandbox", "--no-first-run", "--user-data-dir=" + profile.resolve("profile"),
                    "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS));
            command.addAll(action);
            command.add(page.toUri().toString());
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("chromium did not finish within " + RUN_LIMIT_SECONDS + " s: " + command);
            }
            if (process.exitValue() != 0) {
                fail("chromium exited with " + process.exitValue() + ": " + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
