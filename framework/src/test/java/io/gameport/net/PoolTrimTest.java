package io.gameport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's pool trim, asked for the way the group's timer asks: through the worker's mailbox. */
class PoolTrimTest {

    @Test
    void aWorkerKeepsItsBusiestPeriodsChunksOnePeriodThenGivesAllButTheFloorBack() throws Exception {
        ScriptedServer server = new ScriptedServer(1);
        try {
            IoWorker worker = server.group.worker(0);
            ChunkPool pool = worker.chunkPool();
            int burst = IoWorker.RETAINED_CHUNKS_FLOOR + 300;
            ScriptedServer.onWorkerThread(worker, () -> {
                List<OutboundChunk> taken = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    taken.add(pool.take());
                }
                taken.forEach(pool::give);
            });
            assertEquals(burst, pool.retainedCount(), "nothing dropped between trims");

            worker.requestPoolTrim();
            ScriptedServer.onWorkerThread(worker, () -> { });
            assertEquals(burst, pool.retainedCount(), "the period that used them all at once keeps them");

            worker.requestPoolTrim();
            ScriptedServer.onWorkerThread(worker, () -> { });
            assertEquals(IoWorker.RETAINED_CHUNKS_FLOOR, pool.retainedCount(), "a quiet period leaves the floor");
        } finally {
            server.stop();
        }
    }
}
