package io.gameport.transport.iouring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FdTableTest {

    @Test
    void aNumberHandedOutAgainIsNoLongerClosingAndItsOldCloseCannotUnmarkANewerOne() {
        FdTable fds = new FdTable();
        fds.startClosing(57, 10);
        assertTrue(fds.closing(57));
        fds.reused(57);
        assertFalse(fds.closing(57), "the number names a new socket: operations on it reach the kernel");
        fds.startClosing(57, 11);
        fds.closed(57, 10);
        assertTrue(fds.closing(57), "the old close's late completion leaves the new socket's close mark alone");
        fds.closed(57, 11);
        assertFalse(fds.closing(57));
    }

    @Test
    void marksBeyondTheFirstThousandDescriptorsWork() {
        FdTable fds = new FdTable();
        fds.startClosing(5000, 3);
        assertTrue(fds.closing(5000));
        fds.reused(5000);
        assertFalse(fds.closing(5000));
    }
}
