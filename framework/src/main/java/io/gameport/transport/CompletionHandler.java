package io.gameport.transport;

import java.nio.ByteBuffer;

/** Receives completions from {@link CompletionPort#poll}, on the port's owner thread. */
@FunctionalInterface
public interface CompletionHandler {

    /**
     * @param token  the token the operation was started with
     * @param result bytes transferred or a handle when {@code >= 0}; a failure when negative (see {@link Completions})
     * @param flags  {@link Completions#FLAG_MORE} when the operation stays armed
     * @param data   for a receive with {@code result > 0}: the received bytes from position 0 to
     *               limit {@code result}, valid only during this call; otherwise {@code null}
     */
    void onCompletion(long token, long result, int flags, ByteBuffer data);
}
