package io.gameport.sample;

import io.gameport.sample.account.PasswordHasher;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code hash-rate}: how many password checks one core of this machine does per second at the
 * login server's iteration count, the figure that sizes {@code --work-threads} and tells how long
 * a login flood can keep the hashing pool full. One thread, after a warm-up.
 */
final class HashRateCommand {

    private static final int WARM_UP_CHECKS = 20;

    private HashRateCommand() {
    }

    static int run(List<String> args) {
        CommandLine options = new CommandLine("hash-rate", args, Set.of("--hash-iterations", "--checks"), Set.of());
        int iterations = options.integer("--hash-iterations", PasswordHasher.DEFAULT_ITERATIONS, 1, 10_000_000);
        int checks = options.integer("--checks", 100, 1, 1_000_000);
        PasswordHasher hasher = new PasswordHasher(iterations);
        PasswordHasher.PasswordHash stored = hasher.hash("the stored password");
        for (int i = 0; i < WARM_UP_CHECKS; i++) {
            hasher.verify("warm-up " + i, stored);
        }
        long start = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            hasher.verify("guess " + i, stored);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "hash-rate: %d PBKDF2 checks at %d iterations in %.2f s on one thread:"
                + " %.1f checks/s per core (%.1f ms each)%n", checks, iterations, seconds, checks / seconds,
                seconds * 1000 / checks);
        return 0;
    }
}
