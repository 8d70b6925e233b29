package io.gameport.sample.directory;

/**
 * The answer to a {@link RoomDirectory#renew}. {@code recreated} is true when the registration
 * had lapsed (the renewals stopped for longer than the TTL, or the store lost it, e.g. Redis
 * restarted without persistence) and was written anew under the same incarnation: its room records
 * may be gone, so the server records its rooms again.
 */
public record Renewal(boolean recreated, long expiresAtMs) {
}
