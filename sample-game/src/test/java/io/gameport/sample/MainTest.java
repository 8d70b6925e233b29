package io.gameport.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
