package io.gameport.sample.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The directory's Lua script ({@code directory.lua} beside this class), run by its SHA-1 with
 * EVALSHA; a Redis that does not have it cached (first use, or restarted) answers NOSCRIPT, and
 * the script is then sent whole with EVAL, which caches it again.
 */
final class DirectoryScript {

    private final String source;
    private final String sha1;

    private DirectoryScript(String source) {
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    static DirectoryScript load() {
        try (InputStream in = DirectoryScript.class.getResourceAsStream("directory.lua")) {
            if (in == null) {
                throw new IllegalStateException("directory.lua is missing from the class path");
            }
            return new DirectoryScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading directory.lua", e);
        }
    }

    Object run(UnifiedJedis jedis, List<String> args) {
        try {
            return jedis.evalsha(sha1, List.of(), args);
        } catch (JedisNoScriptException notCached) {
            return jedis.eval(source, List.of(), args);
        }
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }
}
