package io.gameport.transport.nio2;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backend-wide map from long handles to channels, shared by every port so that a socket
 * accepted on one worker can be adopted by another.
 *
 * <p>Handles come from an increasing counter and are never reused (2^63 handles outlast any
 * process), so a stale handle held by a late caller can only miss, never hit another socket.
 * Thread-safe without locks on lookups (ConcurrentHashMap reads).
 */
final class Nio2HandleTable {

    private final AtomicLong lastHandle = new AtomicLong();
    private final ConcurrentHashMap<Long, Nio2Channel> channels = new ConcurrentHashMap<>();

    long nextHandle() {
        return lastHandle.incrementAndGet();
    }

    void put(Nio2Channel channel) {
        channels.put(channel.handle, channel);
    }

    Nio2Channel get(long handle) {
        return channels.get(handle);
    }

    /** Removes and returns the entry, or {@code null} when another caller already removed it. */
    Nio2Channel remove(long handle) {
        return channels.remove(handle);
    }

    /** Removes every entry; used once by the backend's close. */
    List<Nio2Channel> removeAll() {
        List<Nio2Channel> all = new ArrayList<>(channels.values());
        all.forEach(channel -> channels.remove(channel.handle));
        return all;
    }

    int size() {
        return channels.size();
    }
}
