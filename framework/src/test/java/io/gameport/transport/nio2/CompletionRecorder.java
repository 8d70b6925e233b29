package io.gameport.transport.nio2;

import io.gameport.transport.CompletionHandler;
import io.gameport.transport.CompletionPort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Test handler: keeps every completion (with a copy of received bytes) in delivery order. */
final class CompletionRecorder implements CompletionHandler {

    record Done(long token, long result, int flags, byte[] data) {
    }

    final List<Done> delivered = new ArrayList<>();
    private final List<Done> unclaimed = new ArrayList<>();

    @Override
    public void onCompletion(long token, long result, int flags, ByteBuffer data) {
        byte[] copy = null;
        if (data != null) {
            copy = new byte[data.remaining()];
            data.get(copy);
        }
        Done done = new Done(token, result, flags, copy);
        delivered.add(done);
        unclaimed.add(done);
    }

    /** Polls (blocking) until the completion with {@code token} was delivered; bounded by the test's @Timeout. */
    Done await(CompletionPort port, long token) throws IOException {
        while (true) {
            for (Iterator<Done> it = unclaimed.iterator(); it.hasNext(); ) {
                Done done = it.next();
                if (done.token() == token) {
                    it.remove();
                    return done;
                }
            }
            port.poll(this, true);
        }
    }
}
