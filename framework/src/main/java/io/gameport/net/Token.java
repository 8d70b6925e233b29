package io.gameport.net;

/**
 * Packs what a completion belongs to into the 64-bit token a {@link io.gameport.transport.CompletionPort}
 * hands back: the operation, the connection slot within its worker, and the slot's generation.
 *
 * <pre>
 *  63                              32 31                          8 7        0
 * +----------------------------------+-----------------------------+----------+
 * |            generation            |            slot             |    op    |
 * +----------------------------------+-----------------------------+----------+
 * </pre>
 *
 * The generation changes each time a slot is reused, so a completion that belongs to a
 * connection already released (which the pending-operation count should make impossible) is
 * recognised as stale and dropped instead of touching the slot's next connection.
 */
final class Token {
    static final int OP_RECEIVE = 1;
    static final int OP_SEND = 2;
    static final int OP_CLOSE = 3;
    static final int OP_ACCEPT = 4;
    static final int OP_CONNECT = 5;
    static final int OP_CLOSE_LISTENER = 6;

    static final int MAX_SLOTS = 1 << 24;

    private Token() {
    }

    /** The operation's name, for log lines. */
    static String opName(int op) {
        switch (op) {
            case OP_RECEIVE:
                return "receive";
            case OP_SEND:
                return "send";
            case OP_CLOSE:
                return "close";
            case OP_ACCEPT:
                return "accept";
            case OP_CONNECT:
                return "connect";
            case OP_CLOSE_LISTENER:
                return "listener close";
            default:
                return "operation " + op;
        }
    }

    static long of(int op, int slot, int generation) {
        return ((long) generation << 32) | ((long) slot << 8) | op;
    }

    static int op(long token) {
        return (int) (token & 0xFF);
    }

    static int slot(long token) {
        return (int) ((token >>> 8) & 0xFF_FFFF);
    }

    static int generation(long token) {
        return (int) (token >>> 32);
    }
}
