package io.gameport.settings;

/**
 * The checks settings records run in their constructors, each failing with a message that names
 * the setting as {@code Type.field} and the value it was given, e.g.
 * {@code TransportSettings.workers must be in 1..256, was 0}.
 */
public final class Require {

    private Require() {
    }

    public static void atLeast(String setting, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(setting + " must be >= " + min + ", was " + value);
        }
    }

    /** A setting bounded by another of the same record: the message names both. */
    public static void atLeast(String setting, long value, String other, long otherValue) {
        if (value < otherValue) {
            throw new IllegalArgumentException(setting + " must be >= " + other + " (" + otherValue + "), was " + value);
        }
    }

    public static void inRange(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    /** 0 turns the setting off; anything else must be in {@code min..max}. */
    public static void offOrInRange(String setting, long value, long min, long max) {
        if (value != 0 && (value < min || value > max)) {
            throw new IllegalArgumentException(setting + " must be 0 (off) or in " + min + ".." + max + ", was " + value);
        }
    }

    public static void powerOfTwo(String setting, long value, long min, long max) {
        if (value < min || value > max || Long.bitCount(value) != 1) {
            throw new IllegalArgumentException(setting + " must be a power of two in " + min + ".." + max + ", was " + value);
        }
    }

    public static <T> T set(String setting, T value) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " must be set, was null");
        }
        return value;
    }
}
