package dev.punctual.agent.metrics;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

import java.util.Collection;

/**
 * An exporter that says when its exports fail, in the agent's voice and at most once a minute, where
 * the SDK would log every failure through java.util.logging into the application's log.
 */
final class WarningExporter implements MetricExporter {
    private final MetricExporter delegate;
    private final String destination;
    private final RateLimitedWarning warning = new RateLimitedWarning();

    WarningExporter(MetricExporter delegate, String destination) {
        this.delegate = delegate;
        this.destination = destination;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        CompletableResultCode result = delegate.export(metrics);
        result.whenComplete(new Runnable() {
            @Override
            public void run() {
                if (!result.isSuccess()) {
                    Throwable why = result.getFailureThrowable();
                    warning.warn("cannot export metrics to " + destination + ": "
                            + (why == null ? "the export failed" : why.toString().replace('\n', ' ')));
                }
            }
        });
        return result;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
        return delegate.getAggregationTemporality(type);
    }

    @Override
    public MemoryMode getMemoryMode() {
        return delegate.getMemoryMode();
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
