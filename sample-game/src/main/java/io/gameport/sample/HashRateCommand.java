package io.gameport.sample;

import io.gameport.sample.account.PasswordHasher;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hash-rate}: how many password checks one core of this machine does per second at the
 * login server's iteration count, the figure that sizes {@code --work-threads} and tells how long
 * a login flood can keep the hashing pool full. One thread, after a warm-up.
 */
@Command(name = "hash-rate", sortOptions = false,
        header = "Password checks per second on one core at the login server's iterations.",
        description = "One thread, after a warm-up: the figure that sizes login-server --work-threads.")
final class HashRateCommand implements Callable<Integer> {

    private static final int WARM_UP_CHECKS = 20;

    @Range(min = 1, max = 10_000_000)
    @Option(names = "--hash-iterations", paramLabel = "I", description = "PBKDF2 iterations per check. Default: ${DEFAULT-VALUE}.")
    int iterations = PasswordHasher.DEFAULT_ITERATIONS;

    @Range(min = 1, max = 1_000_000)
    @Option(names = "--checks", paramLabel = "N", description = "Checks to time after the warm-up. Default: ${DEFAULT-VALUE}.")
    int checks = 100;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
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
