package io.gameport.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.net.TransportSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertEquals(2, Main.run(new String[] {"fly"}));
        assertEquals(2, Main.run(new String[] {"soak", "--bogus", "1"}));
        assertEquals(2, Main.run(new String[] {"soak", "--bots", "zero"}));
        assertEquals(2, Main.run(new String[] {"bots", "--bots", "3"}));
        assertEquals(0, Main.run(new String[] {"--help"}));
    }

    @Test
    void everyServerCommandTakesTheMetricsPort() {
        PrintStream err = System.err;
        try {
            for (String command : List.of("echo-server", "login-server", "room-server", "demo", "soak")) {
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                // Out of range: refused by the option's own check, which an unknown option never reaches.
                assertEquals(2, Main.run(new String[] {command, "--metrics-port", "65536"}), command);
                String message = captured.toString(StandardCharsets.UTF_8);
                assertTrue(message.contains("--metrics-port must be in 0..65535"), command + ": " + message);
            }
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void everyServerCommandTakesTheConnectionCaps() {
        PrintStream err = System.err;
        try {
            for (String command : List.of("echo-server", "login-server", "room-server", "demo", "soak")) {
                for (String option : List.of("--max-connections", "--max-connections-per-address")) {
                    ByteArrayOutputStream captured = new ByteArrayOutputStream();
                    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                    // A value out of range is refused by the option's own check, which an unknown option never reaches.
                    assertEquals(2, Main.run(new String[] {command, option, "0"}), command + " " + option);
                    String message = captured.toString(StandardCharsets.UTF_8);
                    assertTrue(message.contains(option + " must be in 1.."), command + ": " + message);
                }
            }
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void connectionCapOptionsReachTheTransportSettings() {
        CommandLine options = new CommandLine("room-server", List.of("--max-connections", "5000", "--max-connections-per-address", "900"),
                ServerOptions.withConnectionCaps(Set.of()), Set.of());
        TransportSettings config = ServerOptions.transport(options);
        assertEquals(5000, config.maxConnections());
        assertEquals(900, config.maxConnectionsPerAddress());
        TransportSettings defaults = ServerOptions.transport(new CommandLine("room-server", List.of(), ServerOptions.withConnectionCaps(Set.of()), Set.of()));
        assertEquals(TransportSettings.DEFAULT_MAX_CONNECTIONS, defaults.maxConnections());
        assertEquals(TransportSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, defaults.maxConnectionsPerAddress());
    }

    @Test
    void echoServerTakesAnIdleTimeout() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(2, Main.run(new String[] {"echo-server", "--idle-timeout-ms", "-5"}));
        } finally {
            System.setErr(err);
        }
        String message = captured.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--idle-timeout-ms must be in 4.."), message);
    }
}
