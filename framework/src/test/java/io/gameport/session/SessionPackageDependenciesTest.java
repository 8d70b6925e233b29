package io.gameport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Sessions sit below the dispatch stage, the handlers and the server bootstrap: those use sessions,
 * never the other way round (the send path tells a shard's thread by {@link BatchedSendThread},
 * defined here). Read from the compiled classes, whose constant pools name every class they use.
 */
class SessionPackageDependenciesTest {

    private static final List<String> LAYERS_ABOVE = List.of("io/gameport/dispatch/", "io/gameport/handler/",
            "io/gameport/server/", "io/gameport/client/");

    @Test
    void theSessionPackageUsesNoClassOfTheLayersAboveIt() throws Exception {
        Path classes = Path.of(Session.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/gameport/session");
        List<String> uses = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                read++;
                uses.addAll(usesOfLayersAbove(file));
            }
        }
        assertTrue(read >= 5, "read the session package's classes: " + read);
        assertEquals(List.of(), uses);
    }

    private static List<String> usesOfLayersAbove(Path classFile) throws IOException {
        // Class names are stored as modified UTF-8, plain ASCII for these names.
        String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
        List<String> uses = new ArrayList<>();
        for (String layer : LAYERS_ABOVE) {
            if (constants.contains(layer)) {
                uses.add(classFile.getFileName() + " uses " + layer);
            }
        }
        return uses;
    }
}
