package io.gameport.sample.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.sample.account.PasswordHasher.PasswordHash;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void verifiesTheRightPasswordAndRejectsAWrongOne() {
        PasswordHash stored = hasher.hash("correct horse");
        assertTrue(hasher.verify("correct horse", stored));
        assertFalse(hasher.verify("correct hors", stored));
        assertFalse(hasher.verify("", stored));
    }

    @Test
    void samePasswordGetsADifferentSaltAndHashEachTime() {
        PasswordHash first = hasher.hash("secret");
        PasswordHash second = hasher.hash("secret");
        assertEquals(PasswordHasher.SALT_BYTES, first.salt().length);
        assertFalse(Arrays.equals(first.salt(), second.salt()));
        assertFalse(Arrays.equals(first.hash(), second.hash()));
        assertEquals(PasswordHasher.HASH_BITS / 8, first.hash().length);
    }

    @Test
    void verifiesWithTheIterationCountStoredInTheHashNotTheCurrentSetting() {
        PasswordHash old = new PasswordHasher(500).hash("pw");
        PasswordHasher raised = new PasswordHasher(2_000);
        assertEquals(500, old.iterations());
        assertTrue(raised.verify("pw", old));
        PasswordHash tampered = new PasswordHash(old.salt(), 501, old.hash());
        assertFalse(raised.verify("pw", tampered));
    }

    @Test
    void knownVectorMatchesThePbkdf2Definition() {
        // RFC 7914 section 11 test vector for PBKDF2-HMAC-SHA256 ("passwd", "salt", c=1, dkLen=64), first 32 bytes.
        byte[] expected = hex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
        PasswordHash stored = new PasswordHash("salt".getBytes(), 1, expected);
        assertTrue(new PasswordHasher(1).verify("passwd", stored));
        assertArrayEquals(expected, stored.hash());
    }

    @Test
    void refusesAnIterationCountBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
    }

    private static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
