package io.gameport.transport.nio2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gameport.transport.CompletionHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class Nio2CompletionQueueTest {

    /** token = producer id, result = sequence number within that producer. */
    private static final class Item extends Nio2Completion {
        Item(long producer, long sequence) {
            token = producer;
            result = sequence;
        }

        @Override
        void deliver(CompletionHandler handler) {
            handler.onCompletion(token, result, 0, null);
        }
    }

    @Test
    void emptyQueuePollsNull() {
        Nio2CompletionQueue queue = new Nio2CompletionQueue();
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
    }

    @Test
    void recordCanBePushedAgainAfterItWasPolled() {
        Nio2CompletionQueue queue = new Nio2CompletionQueue();
        Item a = new Item(0, 0);
        Item b = new Item(0, 1);
        for (int round = 0; round < 3; round++) {
            queue.push(a);
            queue.push(b);
            assertSame(a, queue.poll());
            assertSame(b, queue.poll());
            assertNull(queue.poll());
            assertTrue(queue.isEmpty());
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void concurrentProducersDeliverEveryRecordOnceInPerProducerOrder() throws InterruptedException {
        int producers = 3;
        int perProducer = 20_000;
        Nio2CompletionQueue queue = new Nio2CompletionQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long id = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    queue.push(new Item(id, i));
                }
            }, "producer-" + p);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        long[] nextExpected = new long[producers];
        int received = 0;
        while (received < producers * perProducer) {
            Nio2Completion record = queue.poll();
            if (record == null) {
                Thread.onSpinWait();
                continue;
            }
            int producer = (int) record.token;
            assertEquals(nextExpected[producer], record.result, "producer " + producer + " out of order");
            nextExpected[producer]++;
            received++;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
        for (long n : nextExpected) {
            assertEquals(perProducer, n);
        }
    }
}
