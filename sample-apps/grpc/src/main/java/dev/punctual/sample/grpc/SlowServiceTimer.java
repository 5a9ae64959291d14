package dev.punctual.sample.grpc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The scheduler io.grpc.Context needs for a deadline of its own. */
final class SlowServiceTimer {
    static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "context-deadline-timer");
        t.setDaemon(true);
        return t;
    });

    private SlowServiceTimer() {
    }
}
