package dev.punctual.agent.config;

/** punctual.metrics.exporter: where the agent's metrics go, if anywhere. */
public enum MetricsExporter {
    /** No metrics: the OpenTelemetry SDK is never loaded. */
    NONE,
    /** OTLP over HTTP with protobuf, pushed every punctual.metrics.interval. */
    OTLP,
    /** A Prometheus scrape endpoint. */
    PROMETHEUS,
    /** Every punctual.metrics.interval, the metrics as log lines on stderr, for trying things out. */
    LOGGING
}
