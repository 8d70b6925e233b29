package io.gameport.sample.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * uPlot's script and style, read from its webjar on the class path (the version the build pins),
 * so a report can carry them inline and open without a network.
 */
record UplotAssets(String version, String script, String style) {

    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    static UplotAssets fromClassPath() {
        Properties pom = new Properties();
        try (InputStream in = open(POM_PROPERTIES)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
        }
        String version = pom.getProperty("version");
        if (version == null) {
            throw new IllegalStateException(POM_PROPERTIES + " names no version");
        }
        return new UplotAssets(version,
                inlineable(read(WEBJAR + version + "/dist/uPlot.iife.min.js"), "</script"),
                inlineable(read(WEBJAR + version + "/dist/uPlot.min.css"), "</style"));
    }

    static String read(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = UplotAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the class path (is the uplot webjar a dependency?)");
        }
        return in;
    }

    /** {@code text} unchanged, if nothing in it would end the element it is inlined into. */
    static String inlineable(String text, String endTag) {
        if (text.toLowerCase(Locale.ROOT).contains(endTag)) {
            throw new IllegalStateException("cannot inline a text that contains " + endTag + ">");
        }
        return text;
    }
}
