package dev.punctual.it.metrics;

import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtlpReceiver;
import dev.punctual.it.support.PrometheusServer;
import dev.punctual.it.support.TargetServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OTLP endpoint that is down (a closed port), slow (it never answers, or answers after 10 s) or
 * answering errors (HTTP 500, 503): the application's output and pace stay those of a run without an exporter, the agent says so in one line (at most one a minute),
 * and the exporter's own calls are neither given deadlines nor reported when they time out.
 */
class MetricsExporterDownTest {
    static TargetServer target;
    static Jvm.Result baseline;

    @BeforeAll
    static void runWithoutExporter() throws Exception {
        target = new TargetServer();
        baseline = Workload.start("metrics-down-baseline", "http.timeout=1s", target.base(), false, j -> j).stop();
        assertEquals("", baseline.stderr);
    }

    @Test
    void aClosedPortChangesNothingButOneLine() throws Exception {
        int closed = PrometheusServer.freePort();
        Jvm.Result r = Workload.start("metrics-down-closed", "metrics.exporter=otlp,metrics.interval=200ms,http.timeout=1s,otlp.endpoint=http://127.0.0.1:" + closed,
                target.base(), false, j -> j).stop();
        assertSameAsBaseline(r, "http://127.0.0.1:" + closed + "/v1/metrics");
        assertTrue(r.stderr.contains("/v1/metrics: java.net.ConnectException"), r.stderr);
    }

    @Test
    void aSlowEndpointChangesNothingButOneLineAndItsTimeoutsAreNotTheApplications() throws Exception {
        try (OtlpReceiver slow = OtlpReceiver.hanging()) {
            Workload app = Workload.start("metrics-down-slow", "metrics.exporter=otlp,metrics.interval=200ms,http.timeout=1s,timers.lag.threshold=0,otlp.endpoint="
                    + slow.endpoint(), target.base(), true, j -> j);
            app.awaitDone();
            Thread.sleep(4500); // two 2 s export timeouts at least
            Jvm.Result r = app.stop();
            assertSameAsBaseline(r, slow.endpoint() + "/v1/metrics");
            assertTrue(slow.received().size() >= 2, "several exports timed out, one line said so: " + slow.received().size());
            Workload.assertNothingOfTheAgentsOwn(app.jfr, "127.0.0.1:" + slow.port());
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 503})
    void anEndpointAnsweringErrorsChangesNothingButOneLine(int status) throws Exception {
        try (OtlpReceiver failing = OtlpReceiver.failing(status)) {
            Jvm.Result r = Workload.start("metrics-down-" + status, "metrics.exporter=otlp,metrics.interval=200ms,http.timeout=1s,otlp.endpoint="
                    + failing.endpoint(), target.base(), false, j -> j).stop();
            assertSameAsBaseline(r, failing.endpoint() + "/v1/metrics");
            assertTrue(r.stderr.contains("/v1/metrics: HTTP " + status + "; said at most once a minute"), r.stderr);
            assertTrue(failing.received().size() >= 2, "the exporter kept trying: " + failing.received().size());
        }
    }

    /**
     * Answers come 10 s late, beyond the exporter's 2 s timeout: the agent's threads stay as many as
     * they were (each export waits for the previous one), and the JVM exits as soon as the app does.
     */
    @Test
    void anEndpointTenSecondsSlowPilesUpNoThreadsAndDelaysNoExit() throws Exception {
        try (OtlpReceiver slow = OtlpReceiver.slow(Duration.ofSeconds(10))) {
            Workload app = Workload.start("metrics-down-10s", "metrics.exporter=otlp,metrics.interval=200ms,http.timeout=1s,otlp.endpoint="
                    + slow.endpoint(), target.base(), true, j -> j);
            app.awaitDone();
            Thread.sleep(1000);
            List<String> before = agentThreads(app);
            Thread.sleep(4500); // two export timeouts (2 s) at least, every round's export skipped or timed out
            List<String> after = agentThreads(app);
            long stopping = System.nanoTime();
            Jvm.Result r = app.stop();
            long exitMillis = (System.nanoTime() - stopping) / 1_000_000;
            System.out.println("10 s slow endpoint: " + slow.received().size() + " exports sent; agent threads " + before.size()
                    + " then " + after.size() + "; exit " + exitMillis + " ms after the app was told to stop");
            assertSameAsBaseline(r, slow.endpoint() + "/v1/metrics");
            assertTrue(r.stderr.contains("java.net.http.HttpTimeoutException"), "the cause, not the SDK's wrappers: " + r.stderr);
            assertTrue(after.size() <= before.size(), "no pile-up: " + before + " then " + after);
            assertTrue(after.size() <= 6, "a few threads: " + after);
            // The app polls its stop file every 20 ms, then exits: an export in flight must not hold the JVM.
            assertTrue(exitMillis < 3000, "exited " + exitMillis + " ms after the stop");
        }
    }

    /** The names of the threads the agent started (punctual-*), from jcmd Thread.print. */
    private static List<String> agentThreads(Workload app) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(app.jvm.process.pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes());
        assertTrue(jcmd.waitFor(30, TimeUnit.SECONDS) && jcmd.exitValue() == 0, dump);
        return dump.lines().filter(l -> l.startsWith("\"punctual-")).map(l -> l.substring(1, l.indexOf('"', 1))).sorted().toList();
    }

    private static void assertSameAsBaseline(Jvm.Result r, String url) {
        assertEquals(Workload.report(baseline), Workload.report(r));
        List<String> lines = r.stderrLines();
        assertEquals(1, lines.size(), "one line at most a minute: " + lines);
        assertTrue(lines.get(0).startsWith("punctual: cannot export metrics to " + url + ": "), lines.get(0));
        assertTrue(lines.get(0).endsWith("said at most once a minute"), lines.get(0));
        // The work is paced by its 2 ms tick and the 1 s timeouts: an exporter that held the app up shows. (1 s, not
        // less: a first call, cold, must answer within it in both runs, or the two reports differ.)
        long base = Workload.workloadMillis(baseline);
        long now = Workload.workloadMillis(r);
        assertTrue(now < base * 1.3 + 500, "took " + now + " ms, " + base + " ms without an exporter");
    }

    @org.junit.jupiter.api.AfterAll
    static void stopTarget() {
        target.close();
    }
}
