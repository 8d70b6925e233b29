package io.gameport.transport.iocp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandleTableTest {

    private static IocpSocket socket(long handle) {
        return new IocpSocket(handle, 2, false, true);
    }

    @Test
    void findsWhatWasPutAndForgetsWhatWasRemoved() {
        HandleTable table = new HandleTable(4);
        IocpSocket a = socket(0x104);
        table.put(0x104, a);
        assertSame(a, table.get(0x104));
        assertSame(a, table.remove(0x104));
        assertNull(table.get(0x104));
        assertNull(table.remove(0x104));
        assertEquals(0, table.size());
    }

    @Test
    void agreesWithAHashMapOverRandomPutsAndRemovesOfWindowsLikeHandles() {
        HandleTable table = new HandleTable(4);
        Map<Long, IocpSocket> reference = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long handle = 4L * (1 + random.nextInt(600)); // multiples of 4, with many collisions and reuses
            if (random.nextInt(3) == 0) {
                assertSame(reference.remove(handle), table.remove(handle));
            } else {
                IocpSocket s = socket(handle);
                reference.put(handle, s);
                table.put(handle, s);
            }
            if (i % 97 == 0) {
                for (Map.Entry<Long, IocpSocket> e : reference.entrySet()) {
                    assertSame(e.getValue(), table.get(e.getKey()));
                }
            }
        }
        assertEquals(reference.size(), table.size());
        for (long handle = 4; handle <= 2400; handle += 4) {
            assertSame(reference.get(handle), table.get(handle));
        }
    }
}
