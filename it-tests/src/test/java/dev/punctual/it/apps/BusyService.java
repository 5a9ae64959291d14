package dev.punctual.it.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A service under steady load, counting its own work: N fixed-rate 1 ms tasks on a
 * ScheduledThreadPoolExecutor of two "busy-work" threads (N000 executions a second), HTTP calls through
 * java.net.http to a server of its own on loopback and gRPC calls to one (Netty, on loopback), both
 * made without a timeout, at steady rates from a "busy-calls" scheduler. Runs for its duration, prints
 * its counts, one "name value" a line, then lingers (the agent's summaries and metrics catch up) and
 * exits. With a heap period, prints the heap used after a full GC ("heap BYTES") that often.
 *
 * <p>Arguments: tasks http-calls-per-second grpc-calls-per-second duration-seconds [linger-seconds
 * [heap-period-seconds]].
 */
public final class BusyService {
    public static final LongAdder TASK_RUNS = new LongAdder();
    static final LongAdder HTTP_OK = new LongAdder();
    static final LongAdder HTTP_FAILED = new LongAdder();
    static final LongAdder HTTP_SKIPPED = new LongAdder();

    public static void main(String[] args) throws Exception {
        int tasks = Integer.parseInt(args[0]);
        int httpPerSecond = Integer.parseInt(args[1]);
        int grpcPerSecond = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        long linger = args.length > 4 ? Long.parseLong(args[4]) : 0;
        long heapPeriod = args.length > 5 ? Long.parseLong(args[5]) : 0;

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/ok", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ok");

        ScheduledThreadPoolExecutor work = new ScheduledThreadPoolExecutor(2, named("busy-work"));
        for (int i = 0; i < tasks; i++) {
            work.scheduleAtFixedRate(TASK_RUNS::increment, 1, 1, TimeUnit.MILLISECONDS);
        }
        ScheduledExecutorService calls = Executors.newSingleThreadScheduledExecutor(named("busy-calls"));
        if (httpPerSecond > 0) {
            // A fixed pool: the default one grows and shrinks with the load, and the tests count threads.
            HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
            HttpRequest request = HttpRequest.newBuilder(uri).build();
            // At most a quarter second's calls in flight (a call that finds none free is skipped, and
            // counted): the client opens a connection per concurrent call, and the tests count sockets.
            Semaphore inFlight = new Semaphore(maxHttpInFlight(httpPerSecond));
            calls.scheduleAtFixedRate(() -> {
                if (!inFlight.tryAcquire()) {
                    HTTP_SKIPPED.increment();
                    return;
                }
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    inFlight.release();
                    (e == null && r.statusCode() == 200 ? HTTP_OK : HTTP_FAILED).increment();
                });
            }, 0, TimeUnit.SECONDS.toNanos(1) / httpPerSecond, TimeUnit.NANOSECONDS);
        }
        GrpcLoad grpc = grpcPerSecond > 0 ? GrpcLoad.start(calls, grpcPerSecond) : null;

        System.out.println("busy: pid " + ProcessHandle.current().pid());
        System.out.println("busy: http " + uri);
        System.out.flush();
        ScheduledExecutorService heap = Executors.newSingleThreadScheduledExecutor(named("busy-heap"));
        if (heapPeriod > 0) {
            heap.scheduleAtFixedRate(BusyService::printHeapAfterGc, heapPeriod, heapPeriod, TimeUnit.SECONDS);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        heap.shutdownNow();

        calls.shutdown();
        calls.awaitTermination(10, TimeUnit.SECONDS);
        work.shutdown();
        work.awaitTermination(10, TimeUnit.SECONDS);
        Thread.sleep(500); // calls in flight answer
        System.out.println("tasks " + TASK_RUNS.sum());
        System.out.println("http.ok " + HTTP_OK.sum());
        System.out.println("http.failed " + HTTP_FAILED.sum());
        System.out.println("http.skipped " + HTTP_SKIPPED.sum());
        if (grpc != null) {
            grpc.stop();
            System.out.println("grpc.ok " + grpc.ok());
            System.out.println("grpc.failed " + grpc.failed());
        }
        System.out.println("load stopped");
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(linger));
        server.stop(0);
        System.exit(0);
    }

    public static int maxHttpInFlight(int httpPerSecond) {
        return Math.max(8, httpPerSecond / 4);
    }

    private static void printHeapAfterGc() {
        System.gc();
        System.out.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        System.out.flush();
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, name + "-" + n.incrementAndGet());
    }

    private BusyService() {
    }
}
