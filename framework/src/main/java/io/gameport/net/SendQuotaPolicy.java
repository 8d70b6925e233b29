package io.gameport.net;

/** What a send over quota does. */
public enum SendQuotaPolicy {
    /** The send fails: {@link Connection#send} returns {@link SendResult#REJECTED} and the caller decides. */
    REJECT,
    /** The message is dropped and counted; the caller is told {@link SendResult#DROPPED}. */
    DROP,
    /** The slow client is disconnected ({@link CloseReason#SEND_QUOTA_EXCEEDED}). */
    DISCONNECT
}
