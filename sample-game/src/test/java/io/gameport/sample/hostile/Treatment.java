package io.gameport.sample.hostile;

import java.io.IOException;
import java.time.Duration;

/**
 * Checks that an attacker got its documented treatment. "Closed with its reason" has two halves
 * that must both hold: the attacker's socket ends (end of stream or reset), and the server's log
 * names that connection (by the attacker's address and port) together with the reason.
 */
public final class Treatment {

    /** Hang guard for the server to act on an attack it can see at once. */
    public static final Duration ACT_BOUND = Duration.ofSeconds(20);

    private Treatment() {
    }

    /**
     * The attacker's connection ends and a server log line names it with {@code reason} (a
     * CloseReason constant, or every part of the reason's wording where the log line words it).
     */
    public static String assertClosedWithReason(RawPeer attacker, ServerProcess server, String... reason)
            throws IOException, InterruptedException {
        String named = String.join(" ", reason);
        PeerFate fate = attacker.awaitEnd(ACT_BOUND);
        if (!fate.ended()) {
            throw new AssertionError(attacker + " is still open " + ACT_BOUND.toSeconds() + " s after its attack (expected a close with "
                    + named + "); log tail:\n" + server.log().tail(30));
        }
        return server.log().awaitLine("naming " + attacker + " with " + named, attacker.mentionedWith(reason), ACT_BOUND);
    }

    /** The attacker's connection ends (whatever the log says: for attacks whose reason is checked by count). */
    public static PeerFate assertClosed(RawPeer attacker, ServerProcess server) throws IOException {
        PeerFate fate = attacker.awaitEnd(ACT_BOUND);
        if (!fate.ended()) {
            throw new AssertionError(attacker + " is still open " + ACT_BOUND.toSeconds() + " s after its attack; log tail:\n"
                    + server.log().tail(30));
        }
        return fate;
    }
}
