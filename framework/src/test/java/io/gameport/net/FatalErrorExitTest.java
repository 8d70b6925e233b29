package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real exit: a child JVM whose I/O worker meets an Error stops with the fatal status and says why. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FatalErrorExitTest {

    @Test
    void aChildJvmWhoseWorkerMeetsAnErrorExitsWithTheFatalStatusDespiteABlockingShutdownHook() throws Exception {
        Path log = Files.createTempFile("fatal-child", ".log");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    FatalErrorChild.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the child stopped (hang guard)");
            } finally {
                child.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(FatalErrors.EXIT_STATUS, child.exitValue(), output);
            assertTrue(output.contains("FATAL") && output.contains("StackOverflowError") && output.contains("gameport-io-0"), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
