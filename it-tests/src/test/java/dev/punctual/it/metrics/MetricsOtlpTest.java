package dev.punctual.it.metrics;

import dev.punctual.it.apps.MetricsWorkload;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtlpReceiver;
import dev.punctual.it.support.Recording;
import dev.punctual.it.support.TargetServer;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OTLP/HTTP receiver in the test decodes what the agent sends with the opentelemetry-proto classes:
 * names, units, attributes, histogram buckets and counts as docs/metrics.md documents them. The endpoint
 * and the service name come from the standard OTEL_* variables, the headers from punctual.otlp.headers.
 */
class MetricsOtlpTest {
    static final List<Double> BOUNDS = List.of(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

    @Test
    void theReceiverDecodesEveryInstrumentAsDocumented() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start(); TargetServer target = new TargetServer()) {
            Workload app = Workload.start("metrics-otlp", "metrics.exporter=otlp,metrics.interval=500ms,http.timeout=1s,timers.lag.threshold=0",
                    target.base(), true, j -> j.env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                            .env("OTEL_SERVICE_NAME", "metrics-it").option("-Dpunctual.otlp.headers=x-test-token=a%20b"));
            Metric lag;
            Metric exceeded;
            try {
                app.awaitDone();
                lag = receiver.await("punctual.timer.lag", m -> m.getHistogram().getDataPointsList().stream()
                        .anyMatch(p -> p.getCount() == MetricsWorkload.TICKS), Duration.ofSeconds(20));
                exceeded = receiver.await("punctual.deadline.exceeded", m -> m.getSum().getDataPointsList().stream()
                        .mapToLong(NumberDataPoint::getAsInt).sum() == MetricsWorkload.HANG_CALLS, Duration.ofSeconds(20));
            } finally {
                Jvm.Result r = app.stop();
                assertEquals("", r.stderr);
            }

            assertEquals("s", lag.getUnit());
            assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, lag.getHistogram().getAggregationTemporality());
            HistogramDataPoint pool = lag.getHistogram().getDataPointsList().stream()
                    .filter(p -> attributes(p.getAttributesList()).get("timer.scheduler").equals("pool-1")).findFirst().orElseThrow();
            assertEquals(Map.of("timer.kind", "ScheduledThreadPoolExecutor", "timer.scheduler", "pool-1"), attributes(pool.getAttributesList()));
            assertEquals(BOUNDS, pool.getExplicitBoundsList());
            assertEquals(BOUNDS.size() + 1, pool.getBucketCountsCount());
            assertEquals(pool.getCount(), pool.getBucketCountsList().stream().mapToLong(Long::longValue).sum());
            // Lags above 10 ms: each bucket above that bound against the recording's exact lags (a lag within
            // 1.6% of the bound may count on its other side).
            List<Long> lags = Recording.read(app.jfr).events("punctual.TimerLag").stream()
                    .filter(e -> e.getString("scheduler").equals("pool-1")).map(e -> Recording.nanos(e, "lag")).collect(Collectors.toList());
            long late = lags.stream().filter(l -> l > 10_000_000).count();
            long near = lags.stream().filter(l -> Math.abs(l - 10_000_000) <= 160_000).count();
            long lateInHistogram = 0;
            for (int i = BOUNDS.indexOf(0.01) + 1; i < pool.getBucketCountsCount(); i++) {
                lateInHistogram += pool.getBucketCounts(i);
            }
            assertTrue(late > 0 && Math.abs(lateInHistogram - late) <= near, "histogram " + lateInHistogram + ", recording " + late);
            assertTrue(pool.getSum() > 0.030 && pool.getMax() >= 0.025, pool.toString());
            assertTrue(pool.getStartTimeUnixNano() > 0 && pool.getTimeUnixNano() > pool.getStartTimeUnixNano());

            for (String name : List.of("punctual.deadline.injected", "punctual.deadline.missing", "punctual.deadline.exceeded")) {
                Metric m = receiver.metrics(name).get(receiver.metrics(name).size() - 1);
                assertEquals("{call}", m.getUnit(), name);
                assertTrue(m.getSum().getIsMonotonic(), name);
                assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, m.getSum().getAggregationTemporality());
                for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                    Map<String, String> a = attributes(p.getAttributesList());
                    assertEquals("java.net.http.HttpClient", a.get("deadline.client"));
                    assertEquals(target.target(), a.get("deadline.target"));
                    assertTrue(List.of("request", "connect").contains(a.get("deadline.kind")), a.toString());
                }
            }
            Map<String, Long> injected = receiver.metrics("punctual.deadline.injected").stream().reduce((a, b) -> b).orElseThrow()
                    .getSum().getDataPointsList().stream().collect(Collectors.toMap(p -> attributes(p.getAttributesList()).get("deadline.kind"),
                            NumberDataPoint::getAsInt));
            int calls = MetricsWorkload.OK_CALLS + MetricsWorkload.HANG_CALLS;
            assertEquals(Map.of("request", (long) calls, "connect", (long) calls), injected);
            // Every series counted so far is exported, those still at 0 too (here: the connect kind, whose
            // deadlines were all injected and none exceeded); the points come in no particular order.
            Map<String, Long> exceededByKind = exceeded.getSum().getDataPointsList().stream().collect(Collectors.toMap(
                    p -> attributes(p.getAttributesList()).get("deadline.kind"), NumberDataPoint::getAsInt));
            assertEquals((long) MetricsWorkload.HANG_CALLS, exceededByKind.get("request"), exceededByKind.toString());
            assertEquals(0L, exceededByKind.getOrDefault("connect", 0L), exceededByKind.toString());
            assertEquals(1, last(receiver, "punctual.task.died"), "the last tick threw");
            assertEquals("{task}", receiver.metrics("punctual.task.died").get(0).getUnit());
            assertEquals(0, last(receiver, "punctual.clock.steps"));
            assertEquals("{step}", receiver.metrics("punctual.clock.steps").get(0).getUnit());

            OtlpReceiver.Received first = receiver.received().get(0);
            ResourceMetrics rm = first.request().getResourceMetrics(0);
            assertEquals("metrics-it", attributes(rm.getResource().getAttributesList()).get("service.name"));
            assertEquals("dev.punctual", rm.getScopeMetrics(0).getScope().getName());
            assertEquals("a b", first.headers().getFirst("x-test-token"));
            Workload.assertNothingOfTheAgentsOwn(app.jfr, "127.0.0.1:" + receiver.port());
        }
    }

    private static long last(OtlpReceiver receiver, String name) {
        List<Metric> all = receiver.metrics(name);
        return all.get(all.size() - 1).getSum().getDataPoints(0).getAsInt();
    }

    static Map<String, String> attributes(List<KeyValue> list) {
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }
}
