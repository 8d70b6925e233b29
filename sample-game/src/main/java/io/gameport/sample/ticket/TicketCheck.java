package io.gameport.sample.ticket;

/** The outcome of {@link TicketSigner#verify}: a valid ticket, or why it was refused. */
public record TicketCheck(Status status, Ticket ticket) {

    public enum Status {
        VALID,
        /** Wrong length, unknown version, or a signature that does not match: not ours. */
        FORGED,
        /** Signed by us, but past its expiry. */
        EXPIRED
    }

    public boolean valid() {
        return status == Status.VALID;
    }
}
