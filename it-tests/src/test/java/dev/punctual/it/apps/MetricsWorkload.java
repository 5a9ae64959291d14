package dev.punctual.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the metrics tests measure, with its own ground truth: a fixed-rate tick on "pool-1" that runs
 * exactly TICKS times (one run stalls 30 ms, so that later ones are late; the last throws, which stops
 * the task for good), then HTTP calls made without any timeout: OK_CALLS that answer, HANG_CALLS that
 * never do. Prints a deterministic report, then how long the work took, then waits for the stop file
 * (so that the metrics can be read) for at most a minute.
 *
 * <p>Arguments: target base URL (serving /ok and /hang), stop file.
 */
public final class MetricsWorkload {
    public static final int TICKS = 1500;
    public static final int OK_CALLS = 5;
    public static final int HANG_CALLS = 2;

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(1);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch last = new CountDownLatch(1);
        pool.scheduleAtFixedRate(() -> {
            int n = runs.incrementAndGet();
            if (n == 100) {
                sleep(30);
            }
            if (n == TICKS) {
                last.countDown();
                throw new IllegalStateException("the last tick");
            }
        }, 1, 2, TimeUnit.MILLISECONDS);
        if (!last.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ticks did not finish");
        }
        System.out.println("ticks " + runs.get());

        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < OK_CALLS + HANG_CALLS; i++) {
            String path = i < OK_CALLS ? "/ok" : "/hang";
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(args[0] + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println(path + " " + r.statusCode());
            } catch (java.io.IOException e) {
                System.out.println(path + " " + e.getClass().getSimpleName());
            }
        }
        System.out.println("done");
        System.out.println("workload-ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        Path stop = Path.of(args[1]);
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!Files.exists(stop) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        pool.shutdownNow();
        System.exit(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
