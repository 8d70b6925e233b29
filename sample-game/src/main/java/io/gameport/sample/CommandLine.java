package io.gameport.sample;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of one command, with clear errors for unknown or malformed ones. */
public final class CommandLine {
    private final String command;
    private final Map<String, String> values = new HashMap<>();

    public CommandLine(String command, List<String> args, Set<String> valueOptions, Set<String> flags) {
        this.command = command;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (flags.contains(arg)) {
                values.put(arg, "true");
            } else if (valueOptions.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(command + ": " + arg + " needs a value");
                }
                values.put(arg, args.get(++i));
            } else {
                throw new UsageException(command + ": unknown option " + arg);
            }
        }
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new UsageException(command + ": " + name + " must be in " + min + ".." + max + ", was " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": " + name + " must be a whole number, was " + value);
        }
    }

    /** A usage mistake: printed on one line, exit status 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
