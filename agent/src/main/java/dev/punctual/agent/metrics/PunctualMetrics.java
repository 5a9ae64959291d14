package dev.punctual.agent.metrics;

import dev.punctual.bootstrap.clock.ClockSteps;
import dev.punctual.bootstrap.deadlines.DeadlineSummaries;
import dev.punctual.bootstrap.timers.LagTotals;
import dev.punctual.bootstrap.timers.PeriodicTaskDeaths;
import dev.punctual.bootstrap.timers.Schedulers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableLongPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.resources.Resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's figures as OpenTelemetry metrics, read when an exporter collects: the lag histograms the
 * timers already keep per thread, the deadline counts, the task deaths and the clock steps. Nothing is
 * recorded into an OpenTelemetry instrument as tasks run, so the per-task path costs what it did
 * without metrics. Every metric is cumulative from the metrics' start.
 */
final class PunctualMetrics implements MetricProducer {
    /** Lag bucket bounds in seconds: from a busy scheduler's ordinary hand-off to a minute's stall. */
    static final double[] LAG_BOUNDS_SECONDS = {
            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    /** Distinct deadline.target values reported apart; later targets read as {@link #OTHER}. */
    static final int MAX_TARGETS = 64;
    static final String OTHER = "other";

    static final AttributeKey<String> TIMER_KIND = AttributeKey.stringKey("timer.kind");
    static final AttributeKey<String> TIMER_SCHEDULER = AttributeKey.stringKey("timer.scheduler");
    static final AttributeKey<String> DEADLINE_CLIENT = AttributeKey.stringKey("deadline.client");
    static final AttributeKey<String> DEADLINE_TARGET = AttributeKey.stringKey("deadline.target");
    static final AttributeKey<String> DEADLINE_KIND = AttributeKey.stringKey("deadline.kind");

    private static final long[] LAG_BOUNDS_NANOS = new long[LAG_BOUNDS_SECONDS.length];
    private static final List<Double> LAG_BOUNDARIES = new ArrayList<>();

    static {
        for (int i = 0; i < LAG_BOUNDS_SECONDS.length; i++) {
            LAG_BOUNDS_NANOS[i] = Math.round(LAG_BOUNDS_SECONDS[i] * 1e9);
            LAG_BOUNDARIES.add(LAG_BOUNDS_SECONDS[i]);
        }
    }

    private final InstrumentationScopeInfo scope;
    private final long startEpochNanos;
    /** The targets reported apart, first come first kept, so that a series never changes its name. */
    private final Set<String> keptTargets = new HashSet<>();

    PunctualMetrics(String version, long startEpochNanos) {
        this.scope = InstrumentationScopeInfo.builder("dev.punctual").setVersion(version).build();
        this.startEpochNanos = startEpochNanos;
        LagTotals.keep();
    }

    @Override
    public synchronized Collection<MetricData> produce(Resource resource) {
        long now = Metrics.epochNanos();
        List<MetricData> out = new ArrayList<>();
        List<HistogramPointData> lags = lagPoints(now);
        if (!lags.isEmpty()) {
            out.add(ImmutableMetricData.createDoubleHistogram(resource, scope, "punctual.timer.lag",
                    "How late scheduled tasks started: actual start minus scheduled time, on the scheduler's own clock", "s",
                    ImmutableHistogramData.create(AggregationTemporality.CUMULATIVE, lags)));
        }
        deadlineCounters(resource, now, out);
        out.add(counter(resource, "punctual.task.died", "Periodic tasks that an exception stopped for good",
                "{task}", List.of(ImmutableLongPointData.create(startEpochNanos, now, Attributes.empty(), PeriodicTaskDeaths.count()))));
        out.add(counter(resource, "punctual.clock.steps", "Steps of the wall clock against the monotonic clock",
                "{step}", List.of(ImmutableLongPointData.create(startEpochNanos, now, Attributes.empty(), ClockSteps.count()))));
        return out;
    }

    private List<HistogramPointData> lagPoints(long now) {
        List<HistogramPointData> points = new ArrayList<>();
        for (LagTotals.Series s : Schedulers.totals(LAG_BOUNDS_NANOS)) {
            if (s.count == 0) {
                continue;
            }
            List<Long> counts = new ArrayList<>(s.bucketCounts.length);
            for (long c : s.bucketCounts) {
                counts.add(c);
            }
            points.add(ImmutableHistogramPointData.create(startEpochNanos, now,
                    Attributes.of(TIMER_KIND, s.kind, TIMER_SCHEDULER, s.scheduler),
                    s.sumNanos / 1e9, false, 0, true, s.maxNanos / 1e9, LAG_BOUNDARIES, counts));
        }
        return points;
    }

    private void deadlineCounters(Resource resource, long now, List<MetricData> out) {
        Map<Attributes, long[]> byKey = new LinkedHashMap<>();
        for (DeadlineSummaries.Counts c : DeadlineSummaries.all()) {
            Attributes key = Attributes.of(DEADLINE_CLIENT, c.client, DEADLINE_TARGET, target(c.target), DEADLINE_KIND, c.kind);
            long[] sums = byKey.computeIfAbsent(key, k -> new long[3]);
            sums[0] += c.injected.get();
            sums[1] += c.missing.get();
            sums[2] += c.exceeded.get();
        }
        if (byKey.isEmpty()) {
            return;
        }
        String[][] instruments = {
                {"punctual.deadline.injected", "Calls made without a deadline that were given the default one"},
                {"punctual.deadline.missing", "Calls made without a deadline, only reported (punctual.mode=observe)"},
                {"punctual.deadline.exceeded", "Calls that failed because a deadline passed"}};
        for (int i = 0; i < instruments.length; i++) {
            List<LongPointData> points = new ArrayList<>(byKey.size());
            for (Map.Entry<Attributes, long[]> e : byKey.entrySet()) {
                points.add(ImmutableLongPointData.create(startEpochNanos, now, e.getKey(), e.getValue()[i]));
            }
            out.add(counter(resource, instruments[i][0], instruments[i][1], "{call}", points));
        }
    }

    private String target(String target) {
        if (keptTargets.contains(target)) {
            return target;
        }
        if (keptTargets.size() < MAX_TARGETS && !target.equals(OTHER)) {
            keptTargets.add(target);
            return target;
        }
        return OTHER;
    }

    private MetricData counter(Resource resource, String name, String description, String unit, List<LongPointData> points) {
        return ImmutableMetricData.createLongSum(resource, scope, name, description, unit,
                ImmutableSumData.create(true, AggregationTemporality.CUMULATIVE, points));
    }
}
