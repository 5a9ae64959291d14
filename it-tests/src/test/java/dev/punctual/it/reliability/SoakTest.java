package dev.punctual.it.reliability;

import dev.punctual.it.apps.BusyService;
import dev.punctual.it.support.Jvm;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak: a service at 50 000 scheduled tasks, 200 HTTP calls and 200 gRPC calls a second, with the
 * agent, its Prometheus endpoint and a JFR recording, for 60 s in the test command and for as long as
 * {@code -Dpunctual.soak.seconds} says when run by {@code it-tests/soak} (10 minutes). The heap after GC
 * stays flat, the agent's own objects do not grow, and the service's counts, the recording's and the
 * metrics' agree to the unit. Figures are written to target/it-output/soak.txt.
 */
class SoakTest {
    static final long SECONDS = Long.getLong("punctual.soak.seconds", 60);
    static final int TASKS = 50;
    static final int HTTP_PER_SECOND = 200;
    static final int GRPC_PER_SECOND = 200;
    static final int SUMMARY_SECONDS = 5;
    /** After the load: two summary intervals, so that the last executions and calls are in both. */
    static final int LINGER_SECONDS = 3 * SUMMARY_SECONDS;
    static final int HEAP_PERIOD_SECONDS = 5;
    static final String HTTP_CLIENT = "java.net.http.HttpClient";

    static Map<String, Long> app = new TreeMap<>();
    static List<Long> heap = new ArrayList<>();
    static Histogram agentEarly;
    static Histogram agentLate;
    static Map<String, Double> metrics;
    static long jfrTaskCount;
    static Map<String, Long> jfrInjected = new TreeMap<>();
    static final List<String> figures = new ArrayList<>();

    /** Instances and bytes of the agent's classes (dev.punctual.*, its shaded libraries included) on the heap. */
    record Histogram(long instances, long bytes) {
    }

    @BeforeAll
    static void soak() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path jfr = Jvm.file("soak.jfr");
        Jvm.Started service = Jvm.named("soak")
                .agent("metrics.exporter=prometheus,prometheus.port=" + port + ",timers.summary.interval=" + SUMMARY_SECONDS + "s,"
                        + "deadlines.summary.interval=" + SUMMARY_SECONDS + "s")
                // JFR keeps 250 MB by default and drops the oldest data beyond: the figures need all of it.
                .option("-XX:StartFlightRecording:settings=default,maxsize=4g,filename=" + jfr)
                .main(BusyService.class, Integer.toString(TASKS), Integer.toString(HTTP_PER_SECOND), Integer.toString(GRPC_PER_SECOND),
                        Long.toString(SECONDS), Integer.toString(LINGER_SECONDS), Integer.toString(HEAP_PERIOD_SECONDS))
                .timeout(Duration.ofSeconds(SECONDS + LINGER_SECONDS + 120)).start();
        try {
            long pid = Long.parseLong(service.awaitLine("busy: pid ", Duration.ofSeconds(60)).substring("busy: pid ".length()).trim());
            Thread.sleep(TimeUnit.SECONDS.toMillis(SECONDS / 4));
            agentEarly = agentObjects(pid);
            service.awaitLine("heap ", Duration.ofSeconds(SECONDS)); // still under load, near its end
            Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(SECONDS * 3 / 4) - 2000));
            agentLate = agentObjects(pid);
            service.awaitLine("load stopped", Duration.ofSeconds(SECONDS + 60));
            Thread.sleep(TimeUnit.SECONDS.toMillis(2 * SUMMARY_SECONDS));
            metrics = scrape(port);
            Jvm.Result r = service.await().assertExitCode(0);
            for (String line : r.stdout.split("\n")) {
                String[] f = line.split(" ");
                if (line.startsWith("heap ")) {
                    heap.add(Long.parseLong(f[1]));
                } else if (f.length == 2 && f[1].matches("\\d+")) {
                    app.put(f[0], Long.parseLong(f[1]));
                }
            }
        } finally {
            service.process.destroyForcibly();
        }
        try (RecordingFile events = new RecordingFile(jfr)) {
            while (events.hasMoreEvents()) {
                RecordedEvent e = events.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("punctual.TimerLagSummary") && "busy-work".equals(e.getString("scheduler"))) {
                    jfrTaskCount += e.getLong("count");
                } else if (type.equals("punctual.DeadlineSummary")) {
                    jfrInjected.merge(e.getString("client"), e.getLong("injected"), Long::sum);
                }
            }
        }
        figure("soak: " + SECONDS + " s at " + TASKS + " 000 tasks/s, " + HTTP_PER_SECOND + " HTTP and " + GRPC_PER_SECOND + " gRPC calls/s");
        figure("soak: service counted " + app);
        figure("soak: JFR: busy-work executions " + jfrTaskCount + ", deadlines injected by client " + jfrInjected);
        figure("soak: metrics: busy-work executions " + (long) sum("punctual_timer_lag_seconds_count", "timer_scheduler=\"busy-work\"")
                + ", deadlines injected by client " + injectedByClient());
        figure("soak: heap after GC every " + HEAP_PERIOD_SECONDS + " s (MiB): " + heap.stream().map(b -> String.format("%.1f", b / 1048576.0)).toList());
        figure("soak: agent objects at 1/4 of the run " + agentEarly + ", at 3/4 " + agentLate);
        Files.writeString(Jvm.OUTPUT.resolve("soak.txt"), String.join("\n", figures) + "\n");
    }

    private static void figure(String line) {
        System.out.println(line);
        figures.add(line);
    }

    @Test
    void theLoadRanAtItsRates() {
        double seconds = SECONDS;
        assertTrue(app.get("tasks") > TASKS * 1000 * seconds * 0.9, "tasks: " + app);
        assertTrue(app.get("http.ok") > HTTP_PER_SECOND * seconds * 0.9 && app.get("http.failed") == 0, "HTTP: " + app);
        assertTrue(app.get("grpc.ok") > GRPC_PER_SECOND * seconds * 0.9 && app.get("grpc.failed") == 0, "gRPC: " + app);
    }

    @Test
    void taskCountsAgreeBetweenServiceRecordingAndMetrics() {
        // At shutdown the executor cancels its periodic tasks, and its workers still take the ones that
        // come due and call their run, which runs nothing: those are not executions. Only a run that a
        // worker was starting at the very moment of the shutdown can still be counted: at most one for
        // each of BusyService's two workers (JDK 25 showed 2, where it counted 49 of the 50 tasks once
        // more before such runs were told apart).
        long tasks = app.get("tasks");
        assertTrue(jfrTaskCount >= tasks && jfrTaskCount <= tasks + 2,
                "the recording's summaries count every execution: " + jfrTaskCount + " for " + tasks);
        assertEquals(jfrTaskCount, (long) sum("punctual_timer_lag_seconds_count", "timer_scheduler=\"busy-work\""), "and so do the metrics");
    }

    @Test
    void deadlineCountsAgreeBetweenServiceRecordingAndMetrics() {
        Map<String, Long> metricsInjected = injectedByClient();
        assertEquals(jfrInjected, metricsInjected, "deadlines injected, by client: recording and metrics");
        // Each java.net.http call gets two: its request timeout and its connect timeout.
        assertEquals(app.get("http.ok"), (long) sum("punctual_deadline_injected_total", "deadline_kind=\"request\""), "a request deadline for each HTTP call");
        assertEquals(app.get("http.ok"), (long) sum("punctual_deadline_injected_total", "deadline_kind=\"connect\""), "a connect deadline for each HTTP call");
        assertEquals(2 * app.get("http.ok"), jfrInjected.get(HTTP_CLIENT), "both, in the recording");
        long grpc = jfrInjected.entrySet().stream().filter(e -> !e.getKey().equals(HTTP_CLIENT)).mapToLong(Map.Entry::getValue).sum();
        assertEquals(app.get("grpc.ok"), grpc, "one default deadline for each gRPC call: " + jfrInjected);
    }

    /**
     * The heap after GC at the end is no higher than the highest of the first half, but for 8 MiB of
     * noise (the calls and tasks in flight at the moment of each GC).
     */
    @Test
    void heapAfterGcIsFlat() {
        assertTrue(heap.size() >= 4, "heap samples: " + heap);
        long firstHalfMax = heap.subList(1, heap.size() / 2).stream().mapToLong(Long::longValue).max().orElseThrow();
        long secondHalfMin = heap.subList(heap.size() / 2, heap.size()).stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(secondHalfMin <= firstHalfMax + (8L << 20), "heap after GC grew: " + heap);
    }

    @Test
    void theAgentsObjectsDoNotGrow() {
        assertTrue(agentLate.bytes <= agentEarly.bytes + (256L << 10) && agentLate.instances <= agentEarly.instances + 1000,
                "the agent's objects from 1/4 to 3/4 of the run: " + agentEarly + " then " + agentLate);
    }

    private static Map<String, Long> injectedByClient() {
        Map<String, Long> out = new TreeMap<>();
        Pattern client = Pattern.compile("deadline_client=\"([^\"]*)\"");
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            if (m.getKey().startsWith("punctual_deadline_injected_total{")) {
                Matcher c = client.matcher(m.getKey());
                assertTrue(c.find(), m.getKey());
                out.merge(c.group(1), m.getValue().longValue(), Long::sum);
            }
        }
        return out;
    }

    private static double sum(String name, String label) {
        return metrics.entrySet().stream().filter(m -> m.getKey().startsWith(name + "{") && m.getKey().contains(label))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The Prometheus endpoint's samples: "name{labels}" to value. */
    private static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        Files.writeString(Jvm.OUTPUT.resolve("soak.prom"), r.body());
        Map<String, Double> out = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }

    /** The agent's objects on the heap, from a class histogram (which runs a full GC first). */
    private static Histogram agentObjects(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS), "jcmd GC.class_histogram");
        Files.writeString(Jvm.file("soak-histogram-" + System.nanoTime() + ".txt"), out);
        long instances = 0;
        long bytes = 0;
        // "   1:        123456      7890123  dev.punctual.... (module)"
        Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
        for (String line : out.split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find() && m.group(3).startsWith("dev.punctual.") && !m.group(3).startsWith("dev.punctual.it.")) {
                instances += Long.parseLong(m.group(1));
                bytes += Long.parseLong(m.group(2));
            }
        }
        return new Histogram(instances, bytes);
    }
}
