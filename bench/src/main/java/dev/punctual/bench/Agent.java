package dev.punctual.bench;

import java.util.List;

/** What a measured JVM is started with: nothing, Punctual, or the OpenTelemetry Java agent. */
public enum Agent {
    NONE("none"),
    PUNCTUAL("punctual"),
    OTEL("otel");

    public final String label;

    Agent(String label) {
        this.label = label;
    }

    /** The JVM options that load this agent; {@code settings} are Punctual's (ignored for the others). */
    public List<String> jvmArgs(Layout layout, String settings) {
        return switch (this) {
            case NONE -> List.of();
            case PUNCTUAL -> List.of("-javaagent:" + layout.agentJar + (settings.isEmpty() ? "" : "=" + settings));
            // No collector runs here: exporting nothing keeps the agent from retrying a connection
            // for the whole run, which would measure its exporter's retries, not its instrumentation.
            case OTEL -> List.of("-javaagent:" + layout.otelJar,
                    "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none");
        };
    }

    public List<String> jvmArgs(Layout layout) {
        return jvmArgs(layout, "");
    }
}
