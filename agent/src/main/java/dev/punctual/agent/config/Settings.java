package dev.punctual.agent.config;

import java.time.Duration;
import java.util.List;

/** Every setting the agent knows. docs/configuration.md describes each one; keep the two in step. */
public final class Settings {
    public static final Setting<String> CONFIG_FILE = Setting.text("punctual.config", "");
    public static final Setting<Mode> MODE = Setting.choice("punctual.mode", Mode.ENFORCE);
    public static final Setting<Boolean> TIMERS_ENABLED = Setting.bool("punctual.timers.enabled", true);
    public static final Setting<Duration> LAG_THRESHOLD = Setting.duration("punctual.timers.lag.threshold", "1ms");
    public static final Setting<Duration> SUMMARY_INTERVAL = Setting.duration("punctual.timers.summary.interval", "10s");
    public static final Setting<Boolean> VIRTUAL_THREADS = Setting.bool("punctual.timers.virtual-threads", true);
    public static final Setting<Duration> CLOCK_STEP_THRESHOLD = Setting.duration("punctual.clock.step.threshold", "100ms");
    public static final Setting<Duration> HTTP_TIMEOUT = Setting.duration("punctual.http.timeout", "30s").perTarget(Targets.HOST_AND_PORT);
    public static final Setting<Duration> HTTP_CONNECT_TIMEOUT = Setting.duration("punctual.http.connect-timeout", "10s").perTarget(Targets.HOST_AND_PORT);
    public static final Setting<Duration> GRPC_TIMEOUT = Setting.duration("punctual.grpc.timeout", "30s").perTarget(Targets.GRPC_METHOD);
    public static final Setting<GrpcStreaming> GRPC_STREAMING = Setting.choice("punctual.grpc.streaming", GrpcStreaming.NONE);
    public static final Setting<Duration> DEADLINE_SUMMARY_INTERVAL = Setting.duration("punctual.deadlines.summary.interval", "10s");
    public static final Setting<String> BUDGET_HTTP_HEADER = Setting.parsed("punctual.budget.http-header", "off", HeaderName.PARSER);
    public static final Setting<Duration> BUDGET_RESERVE = Setting.duration("punctual.budget.reserve", "5ms");
    public static final Setting<MetricsExporter> METRICS_EXPORTER = Setting.choice("punctual.metrics.exporter", MetricsExporter.NONE);
    public static final Setting<Duration> METRICS_INTERVAL = Setting.parsed("punctual.metrics.interval", "30s", MetricsValues.INTERVAL);
    public static final Setting<String> OTLP_ENDPOINT = Setting.parsed("punctual.otlp.endpoint", "http://localhost:4318", MetricsValues.URL);
    public static final Setting<String> OTLP_HEADERS = Setting.parsed("punctual.otlp.headers", "", MetricsValues.HEADERS);
    public static final Setting<String> PROMETHEUS_HOST = Setting.parsed("punctual.prometheus.host", "127.0.0.1", MetricsValues.HOST);
    public static final Setting<Integer> PROMETHEUS_PORT = Setting.parsed("punctual.prometheus.port", "9464", MetricsValues.PORT);

    public static final List<Setting<?>> ALL = List.of(CONFIG_FILE, MODE, TIMERS_ENABLED, LAG_THRESHOLD, SUMMARY_INTERVAL,
            VIRTUAL_THREADS, CLOCK_STEP_THRESHOLD, HTTP_TIMEOUT, HTTP_CONNECT_TIMEOUT, DEADLINE_SUMMARY_INTERVAL, GRPC_TIMEOUT, GRPC_STREAMING,
            BUDGET_HTTP_HEADER, BUDGET_RESERVE, METRICS_EXPORTER, METRICS_INTERVAL, OTLP_ENDPOINT, OTLP_HEADERS, PROMETHEUS_HOST, PROMETHEUS_PORT);

    private Settings() {
    }

    public static Setting<?> byKey(String key) {
        for (Setting<?> s : ALL) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** The per-target setting a key such as punctual.http.timeout.api.example.com belongs to, or null. */
    public static Setting<?> perTargetOf(String key) {
        for (Setting<?> s : ALL) {
            if (s.isPerTarget() && key.startsWith(s.key() + ".")) {
                return s;
            }
        }
        return null;
    }
}
