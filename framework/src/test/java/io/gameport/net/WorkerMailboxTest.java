package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mailbox alone, driven from the test thread as if it were the worker's. */
class WorkerMailboxTest {

    private final WorkerMailbox mailbox = new WorkerMailbox(null);
    private final List<String> ran = new ArrayList<>();
    private final List<String> discarded = new ArrayList<>();

    @Test
    void commandsRunInTheOrderQueuedAtMostCommandsPerTurn() {
        int queued = WorkerMailbox.COMMANDS_PER_TURN + 1;
        for (int i = 0; i < queued; i++) {
            mailbox.offer(task("c" + i));
        }
        mailbox.drain();
        assertEquals(WorkerMailbox.COMMANDS_PER_TURN, ran.size());
        assertEquals("c0", ran.get(0));
        assertEquals("c" + (WorkerMailbox.COMMANDS_PER_TURN - 1), ran.get(ran.size() - 1));
        mailbox.drain();
        assertEquals(queued, ran.size(), "the rest runs in the next turn");
        assertEquals("c" + WorkerMailbox.COMMANDS_PER_TURN, ran.get(queued - 1));
    }

    @Test
    void onlyTheFirstProducerAfterTheWorkerMayBlockIsToldToWakeIt() {
        assertTrue(mailbox.prepareToBlock(), "nothing queued: the worker may block");
        assertTrue(mailbox.offer(task("a")), "the worker may be blocked: this producer wakes it");
        assertFalse(mailbox.offer(task("b")), "the announcement was taken back: one wake-up is enough");
        mailbox.awake();
        assertFalse(mailbox.offer(task("c")), "an awake worker needs no wake-up");
    }

    @Test
    void theWorkerDoesNotBlockWhileACommandWaits() {
        mailbox.offer(task("a"));
        assertFalse(mailbox.prepareToBlock());
        assertFalse(mailbox.offer(task("b")), "the worker announced nothing: no wake-up");
    }

    @Test
    void closingDiscardsWhatIsQueuedAndEveryCommandOfferedLater() {
        mailbox.offer(task("queued-1"));
        mailbox.offer(task("queued-2"));
        mailbox.close();
        assertTrue(mailbox.isClosed());
        assertEquals(List.of("queued-1", "queued-2"), discarded);
        assertFalse(mailbox.offer(task("late")), "a closed mailbox asks for no wake-up");
        assertEquals(List.of("queued-1", "queued-2", "late"), discarded);
        mailbox.drain();
        assertEquals(List.of(), ran, "nothing discarded runs");
    }

    private WorkerTask task(String name) {
        return new WorkerTask() {
            @Override
            public void run() {
                ran.add(name);
            }

            @Override
            public void discard(IoWorker worker) {
                discarded.add(name);
            }
        };
    }
}
