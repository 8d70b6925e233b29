package io.gameport.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start of the repository's README compiles against the current API and does what the
 * README says: a server with one handler answers a client's request. The block after the
 * {@code <!-- quick-start} marker is compiled with javax.tools against this module's test class
 * path and its {@code main} is run, so the front page cannot rot.
 */
class ReadmeQuickStartTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern QUICK_START = Pattern.compile("<!-- quick-start[^\\n]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public (?:final )?class (\\w+)");

    @Test
    void theReadmeQuickStartCompilesAndItsClientGetsTheServersAnswer(@TempDir Path work) throws Exception {
        String source = quickStart(Files.readString(README, StandardCharsets.UTF_8));
        Matcher name = CLASS_NAME.matcher(source);
        assertTrue(name.find(), "the quick start declares no public class");
        String className = name.group(1);
        Path file = work.resolve(className + ".java");
        Files.writeString(file, source);
        compile(file, work);

        String printed = runMain(work, className);

        assertEquals("joined room 7: ROOM_RESULT_OK", printed.strip(),
                "the quick start's client should print the response its request got");
    }

    private static String quickStart(String readme) {
        Matcher block = QUICK_START.matcher(readme);
        assertTrue(block.find(), "no ```java block after a <!-- quick-start --> marker in " + README.toAbsolutePath());
        String source = block.group(1);
        assertTrue(!block.find(), "more than one quick-start block in the README");
        return source;
    }

    private static void compile(Path file, Path out) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(file);
            boolean compiled = compiler.getTask(diagnostics, files, null,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-Xlint:none"),
                    null, units).call();
            assertTrue(compiled, "the README's quick start does not compile:\n" + diagnostics);
        }
    }

    /** Runs {@code className.main} and returns what it printed on standard output. */
    private static String runMain(Path classes, String className) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeQuickStartTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                main.invoke(null, (Object) new String[0]);
            } finally {
                System.setOut(original);
            }
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
