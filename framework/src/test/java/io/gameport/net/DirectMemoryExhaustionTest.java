package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Direct memory and the settings: a send quota that could spend more than the JVM allows fails
 * start-up, the default is derived from the limit, and when the JVM's direct memory runs out
 * anyway (someone else in the process took it) only the connection that needed more is closed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DirectMemoryExhaustionTest {

    @Test
    void settingsThatCouldSpendMoreDirectMemoryThanTheJvmAllowsFailStartUpNamingThemAndTheLimit() {
        TransportSettings config = TransportSettings.defaults().withWorkers(2)
                .withSendQuota(new SendQuotaSettings(1000, 64L << 20, 1L << 30, SendQuotaPolicy.DISCONNECT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectMemory.check(config, 512L << 20));
        assertTrue(e.getMessage().contains("maxPendingBytesGlobal (1073741824)") && e.getMessage().contains("536870912")
                && e.getMessage().contains("MaxDirectMemorySize"), e.getMessage());

        long jvm = DirectMemory.jvmMaxBytes();
        IllegalArgumentException atStart = assertThrows(IllegalArgumentException.class, () -> new ScriptedServer(1,
                c -> c.withSendQuota(new SendQuotaSettings(1000, 64L << 20, jvm + 1, SendQuotaPolicy.DISCONNECT))));
        assertTrue(atStart.getMessage().contains("maxPendingBytesGlobal"), atStart.getMessage());
    }

    @Test
    void theDefaultGlobalCapIsDerivedFromTheJvmsLimitAndFitsIt() {
        assertEquals(128L << 20, SendQuotaSettings.defaultGlobalBytes(256L << 20), "-Xmx256m: half of it");
        assertEquals(1L << 30, SendQuotaSettings.defaultGlobalBytes(8L << 30), "at most 1 GiB");
        assertEquals(64L << 20, SendQuotaSettings.defaultGlobalBytes(64L << 20), "at least what one connection may hold");
        TransportSettings twoWorkers = TransportSettings.defaults().withWorkers(2)
                .withSendQuota(SendQuotaSettings.defaults().withPolicy(SendQuotaPolicy.DISCONNECT));
        DirectMemory.check(twoWorkers, DirectMemory.jvmMaxBytes());
        assertEquals(SendQuotaSettings.defaultGlobalBytes(DirectMemory.jvmMaxBytes()), SendQuotaSettings.defaults().maxPendingBytesGlobal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "nio2"})
    void exhaustedDirectMemoryClosesOnlyTheConnectionThatNeededItAndTheWorkerGoesOn(String backend) throws Exception {
        Path log = Files.createTempFile("direct-memory-child", ".log");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:MaxDirectMemorySize=48m", "-cp",
                    System.getProperty("java.class.path"), DirectMemoryChild.class.getName(), backend)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                assertTrue(child.waitFor(150, TimeUnit.SECONDS), "the child finished (hang guard)");
            } finally {
                child.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(output.contains("jvmMaxBytes=" + (48L << 20)), output);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("CHILD OK") && output.contains("DIRECT_MEMORY_EXHAUSTED"), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
