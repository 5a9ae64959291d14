package dev.punctual.bench.apps;

import jdk.jfr.consumer.RecordingStream;

import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JVM that the attach benchmark attaches to: a 1 ms tick on a ScheduledThreadPoolExecutor, and a
 * JFR event stream of its own that prints when the first punctual.TimerLag event happened (the
 * event's start time, not when the stream delivered it). Runs for the seconds given, at most.
 */
public final class AttachTarget {
    private AttachTarget() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.MILLISECONDS);
        AtomicBoolean seen = new AtomicBoolean();
        try (RecordingStream stream = new RecordingStream()) {
            stream.onEvent("punctual.TimerLag", e -> {
                if (seen.compareAndSet(false, true)) {
                    System.out.println("first-event-micros " + micros(e.getStartTime()));
                }
            });
            stream.startAsync();
            System.out.println("ready");
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        }
        scheduler.shutdownNow();
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }
}
