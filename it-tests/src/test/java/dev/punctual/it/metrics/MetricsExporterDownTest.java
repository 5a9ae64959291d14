package dev.punctual.it.metrics;

import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtlpReceiver;
import dev.punctual.it.support.PrometheusServer;
import dev.punctual.it.support.TargetServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OTLP endpoint that is down (a closed port) or slow (it never answers): the application's output and
 * pace stay those of a run without an exporter, the agent says so in one line (at most one a minute),
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
