package io.gameport.net;

import io.gameport.transport.Outcome;
import java.io.IOException;

/** A connect attempt failed; {@link #outcome()} says whether retrying makes sense (REFUSED: retry with backoff). */
public final class ConnectFailedException extends IOException {
    private final Outcome outcome;

    public ConnectFailedException(Outcome outcome, String errorName) {
        super("connect failed: " + errorName + " (" + outcome + ")");
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }
}
