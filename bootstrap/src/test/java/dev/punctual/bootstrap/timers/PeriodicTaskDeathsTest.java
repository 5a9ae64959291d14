package dev.punctual.bootstrap.timers;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PeriodicTaskDeathsTest {
    /**
     * A pool thread whose run of a periodic task succeeded and requeued it ends that run after another
     * thread ran the task again and saw it throw: both see the task dead as their runs end. Seen here as
     * two ends of runs of one dead task.
     */
    @Test
    void aTaskSeenDeadByTwoThreadsIsReportedOnce() throws Exception {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        try {
            ScheduledFuture<?> task = pool.scheduleAtFixedRate(() -> {
                throw new IllegalStateException("dies");
            }, 0, 1, TimeUnit.MILLISECONDS);
            assertThrows(ExecutionException.class, () -> task.get(10, TimeUnit.SECONDS));
            long before = PeriodicTaskDeaths.count();
            StpeProbe.afterRun(null, task); // the run that failed
            StpeProbe.afterRun(null, task); // the earlier, successful run, ending late on another thread
            assertEquals(before + 1, PeriodicTaskDeaths.count());
        } finally {
            pool.shutdownNow();
        }
    }
}
