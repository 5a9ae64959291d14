package dev.punctual.agent.metrics;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
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
                    warning.warn("cannot export metrics to " + destination + ": " + why(result.getFailureThrowable()));
                }
            }
        });
        return result;
    }

    /**
     * What an operator can act on: the endpoint's HTTP status, or the cause (connection refused, timed
     * out), not the SDK's and the JDK's wrapper exceptions around it.
     */
    static String why(Throwable failure) {
        if (failure == null) {
            return "the export failed";
        }
        if (failure instanceof FailedExportException.HttpExportException) {
            HttpResponse response = ((FailedExportException.HttpExportException) failure).getResponse();
            if (response != null) {
                return "HTTP " + response.getStatusCode();
            }
        }
        Throwable cause = failure;
        while (isWrapper(cause) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString().replace('\n', ' ');
    }

    /** Exceptions that only carry another: the one they carry says what happened (ConnectException, a timeout). */
    private static boolean isWrapper(Throwable t) {
        return t instanceof FailedExportException || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException || t instanceof java.io.UncheckedIOException;
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
