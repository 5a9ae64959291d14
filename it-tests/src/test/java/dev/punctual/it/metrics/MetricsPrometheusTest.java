package dev.punctual.it.metrics;

import dev.punctual.it.apps.MetricsWorkload;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.PrometheusServer;
import dev.punctual.it.support.PrometheusServer.Sample;
import dev.punctual.it.support.Recording;
import dev.punctual.it.support.TargetServer;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Prometheus scrapes the agent's endpoint while the workload runs; its query API must return the
 * lag histogram and the deadline counters with their labels, and values that agree with the app's own
 * count and with the JFR recording of the same run.
 */
class MetricsPrometheusTest {
    private static final String POOL = "timer_scheduler=\"pool-1\"";

    @Test
    void prometheusScrapesWhatTheRecordingSays() throws Exception {
        PrometheusServer.ensureInstalled();
        int port = PrometheusServer.freePort();
        Map<String, Double> seen;
        List<Sample> lagSeries;
        List<Sample> injected;
        List<Sample> p99;
        Jvm.Result result;
        Workload app;
        try (TargetServer target = new TargetServer()) {
            // Every execution an event, and the JDK HTTP server's Timer ticking every 100 ms: were the
            // exporter's own server measured, its Timer would show.
            app = Workload.start("metrics-prometheus", "metrics.exporter=prometheus,prometheus.port=" + port
                    + ",http.timeout=1s,timers.lag.threshold=0", target.base(), true,
                    j -> j.option("-Dsun.net.httpserver.clockTick=100"));
            try (PrometheusServer prometheus = PrometheusServer.start("metrics-prometheus-server", "127.0.0.1:" + port)) {
                app.awaitDone();
                seen = awaitFinalScrape(prometheus);
                lagSeries = prometheus.query("punctual_timer_lag_seconds_count");
                injected = prometheus.query("punctual_deadline_injected_total");
                // The query of docs/metrics.md over the whole run: rate() needs the ticks to go on across scrapes.
                p99 = prometheus.query("histogram_quantile(0.99, sum by (le, timer_scheduler) (punctual_timer_lag_seconds_bucket))");
            } finally {
                result = app.stop();
            }
            assertEquals("ticks " + MetricsWorkload.TICKS, result.stdout.lines().findFirst().orElse(""));
            assertEquals("", result.stderr);

            Recording recording = Recording.read(app.jfr);
            List<RecordedEvent> ticks = recording.events("punctual.TimerLag").stream()
                    .filter(e -> e.getString("scheduler").equals("pool-1")).collect(Collectors.toList());
            assertEquals(MetricsWorkload.TICKS, ticks.size(), "threshold 0: one event per execution");
            assertEquals(MetricsWorkload.TICKS, seen.get("count"), 0.0, "the histogram counts every execution");
            long summarized = recording.events("punctual.TimerLagSummary").stream()
                    .filter(e -> e.getString("scheduler").equals("pool-1")).mapToLong(e -> e.getLong("count")).sum();
            assertEquals(MetricsWorkload.TICKS, summarized, "and so do the recording's summaries");

            // Lags of 1 ms or more: the events' exact lags against the histogram's bucket, which places a
            // lag by its cell's midpoint (a lag within 1.6% of the bound may count on the other side).
            long late = ticks.stream().filter(e -> Recording.nanos(e, "lag") > 1_000_000).count();
            long nearBound = ticks.stream().filter(e -> Math.abs(Recording.nanos(e, "lag") - 1_000_000) <= 16_000).count();
            double lateInHistogram = seen.get("count") - seen.get("le0.001");
            assertTrue(late > 0, "the 30 ms stall made later ticks late");
            assertTrue(Math.abs(lateInHistogram - late) <= nearBound, "histogram " + lateInHistogram + ", events " + late
                    + ", near the bound " + nearBound);
            assertTrue(seen.get("sum") > 0.030, "the stall alone is 30 ms of lag: " + seen.get("sum"));

            // Deadlines: every call made without a timeout got both defaults; the two hanging calls ended at 1 s. (1 s, not less: a cold first call, connect included, must answer within it.)
            int calls = MetricsWorkload.OK_CALLS + MetricsWorkload.HANG_CALLS;
            long summaryInjected = recording.events("punctual.DeadlineSummary").stream().mapToLong(e -> e.getLong("injected")).sum();
            long summaryExceeded = recording.events("punctual.DeadlineSummary").stream().mapToLong(e -> e.getLong("exceeded")).sum();
            assertEquals(2L * calls, summaryInjected);
            assertEquals(MetricsWorkload.HANG_CALLS, summaryExceeded);
            assertEquals(Set.of("connect", "request"), injected.stream().map(s -> s.labels().get("deadline_kind")).collect(Collectors.toSet()));
            for (Sample s : injected) {
                assertEquals("java.net.http.HttpClient", s.labels().get("deadline_client"), s.toString());
                assertEquals(target.target(), s.labels().get("deadline_target"), s.toString());
                assertEquals(calls, s.value(), 0.0, s.toString());
            }
            assertEquals(summaryExceeded, seen.get("exceeded"), 0.0);
            assertEquals(recording.events("punctual.PeriodicTaskDied").size(), seen.get("died"), 0.0);
            assertEquals(1.0, seen.get("died"), 0.0, "the last tick threw");
        }

        Set<String> schedulers = lagSeries.stream().map(s -> s.labels().get("timer_scheduler")).collect(Collectors.toSet());
        assertEquals(Set.of("pool-1"), schedulers, "only the app's scheduler; the exporter's are not measured");
        assertEquals("ScheduledThreadPoolExecutor", lagSeries.get(0).labels().get("timer_kind"));
        // Prometheus interpolates inside the bucket that holds the 99th percentile: the recording's exact
        // nearest-rank P99 must fall in that same bucket.
        assertEquals(1, p99.size(), p99.toString());
        long[] lags = Recording.read(app.jfr).events("punctual.TimerLag").stream().filter(e -> e.getString("scheduler").equals("pool-1"))
                .mapToLong(e -> Recording.nanos(e, "lag")).sorted().toArray();
        double exact = lags[(int) Math.ceil(0.99 * lags.length) - 1] / 1e9;
        double[] bounds = {0, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
        // The agent's cells are 1.6% wide and go to an explicit bucket by their midpoint: a lag within 1.6%
        // of a bound may be counted on either side of it.
        double prom = p99.get(0).value();
        double low = bounds[bucketOf(bounds, exact * 0.984) - 1];
        double high = bounds[bucketOf(bounds, exact * 1.016)];
        assertTrue(prom >= low && prom <= high, "Prometheus P99 " + prom + " s, recording " + exact + " s");
        Workload.assertNothingOfTheAgentsOwn(app.jfr);
    }

    /** Waits until a scrape after the workload's end has every figure; returns them. */
    private static Map<String, Double> awaitFinalScrape(PrometheusServer prometheus) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        Map<String, Double> seen = Map.of();
        while (System.nanoTime() < end) {
            seen = Map.of(
                    "count", one(prometheus, "punctual_timer_lag_seconds_count{" + POOL + "}"),
                    "sum", one(prometheus, "punctual_timer_lag_seconds_sum{" + POOL + "}"),
                    "le0.001", one(prometheus, "punctual_timer_lag_seconds_bucket{" + POOL + ",le=\"0.001\"}"),
                    "exceeded", one(prometheus, "sum(punctual_deadline_exceeded_total)"),
                    "died", one(prometheus, "punctual_task_died_total"));
            if (seen.get("count") == MetricsWorkload.TICKS && seen.get("exceeded") == MetricsWorkload.HANG_CALLS) {
                return seen;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never had the final figures: " + seen + "; series: "
                + prometheus.query("{__name__=~\"punctual_timer_lag_seconds_count|punctual_deadline_exceeded_total\"}")
                + "; targets: " + prometheus.targets());
    }

    private static double one(PrometheusServer prometheus, String query) throws Exception {
        List<Sample> samples = prometheus.query(query);
        return samples.size() == 1 ? samples.get(0).value() : -1;
    }

    /** The index of the first bound at or above {@code value}: its bucket is (bounds[i - 1], bounds[i]]. */
    private static int bucketOf(double[] bounds, double value) {
        int b = 1;
        while (b < bounds.length - 1 && value > bounds[b]) {
            b++;
        }
        return b;
    }
}
