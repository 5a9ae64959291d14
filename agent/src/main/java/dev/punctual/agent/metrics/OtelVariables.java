package dev.punctual.agent.metrics;

import dev.punctual.agent.config.InvalidValueException;
import dev.punctual.agent.config.MetricsValues;
import dev.punctual.bootstrap.Log;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The standard OpenTelemetry settings that describe where an application's telemetry goes and who it
 * is, read as the OpenTelemetry SDK reads them: the system property (otel.service.name) before the
 * environment variable (OTEL_SERVICE_NAME). They apply where no punctual.* key is set. Those that
 * choose an application's own exporters (OTEL_METRICS_EXPORTER, the Prometheus port) are not read:
 * they are meant for the application's SDK, and Punctual's exporter beside it must not take its port.
 */
final class OtelVariables {
    private final Map<String, String> environment;
    private final Map<String, String> properties;

    OtelVariables(Map<String, String> environment, Map<String, String> properties) {
        this.environment = environment;
        this.properties = properties;
    }

    /** @param property e.g. otel.exporter.otlp.endpoint; also read as OTEL_EXPORTER_OTLP_ENDPOINT */
    String get(String property) {
        String value = properties.get(property);
        if (value == null || value.isBlank()) {
            value = environment.get(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * The OTLP metrics URL: the metrics endpoint as it is, or the base endpoint with /v1/metrics, when
     * the protocol is HTTP with protobuf (Punctual's only one); null when none is usable.
     */
    String otlpMetricsUrl() {
        String protocol = first("otel.exporter.otlp.metrics.protocol", "otel.exporter.otlp.protocol");
        if (protocol != null && !protocol.equals("http/protobuf")) {
            return null; // an endpoint for gRPC or JSON would not understand Punctual's requests
        }
        String metrics = valid("otel.exporter.otlp.metrics.endpoint");
        if (metrics != null) {
            return metrics;
        }
        String base = valid("otel.exporter.otlp.endpoint");
        return base == null ? null : Metrics.metricsPath(base);
    }

    String otlpHeaders() {
        return first("otel.exporter.otlp.metrics.headers", "otel.exporter.otlp.headers");
    }

    /** OTEL_METRIC_EXPORT_INTERVAL, in milliseconds; null when unset or not a positive number. */
    Duration exportInterval() {
        String ms = get("otel.metric.export.interval");
        try {
            return ms == null || Long.parseLong(ms) <= 0 ? null : Duration.ofMillis(Long.parseLong(ms));
        } catch (NumberFormatException e) {
            Log.warn("ignoring otel.metric.export.interval=" + ms + ": not a number of milliseconds");
            return null;
        }
    }

    /** OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME over its service.name. */
    Attributes resource() {
        AttributesBuilder b = Attributes.builder();
        String attributes = get("otel.resource.attributes");
        if (attributes != null) {
            try {
                for (Map.Entry<String, String> e : MetricsValues.headers(attributes).entrySet()) {
                    b.put(e.getKey(), e.getValue());
                }
            } catch (InvalidValueException e) {
                Log.warn("ignoring otel.resource.attributes: " + e.getMessage());
            }
        }
        String service = get("otel.service.name");
        if (service != null) {
            b.put("service.name", service);
        }
        return b.build();
    }

    private String first(String specific, String general) {
        String v = get(specific);
        return v != null ? v : get(general);
    }

    private String valid(String property) {
        String url = get(property);
        if (url == null) {
            return null;
        }
        try {
            return MetricsValues.URL.parse(url);
        } catch (InvalidValueException e) {
            Log.warn("ignoring " + property + "=" + url + ": " + e.getMessage());
            return null;
        }
    }
}
