package dev.punctual.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Another Java agent in every JVM the tests start: with {@code -Dpunctual.it.other-agent=otel-first}
 * (or {@code otel-last}) the OpenTelemetry Java agent is loaded before (or after) every other agent of
 * the command line, so that the whole suite runs again beside it. Unset, nothing changes.
 */
public final class OtherAgent {
    public static final Path OTEL_JAR = Path.of(System.getProperty("punctual.otel.agent.jar", "target/agents/opentelemetry-javaagent.jar"))
            .toAbsolutePath().normalize();
    /** OpenTelemetry silent and exporting nothing: its work shows in the classes it weaves and loads. */
    public static final List<String> OTEL_QUIET = List.of("-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none", "-Dotel.javaagent.logging=none");

    public enum Order { OTEL_FIRST, OTEL_LAST }

    private static final Order ORDER = order(System.getProperty("punctual.it.other-agent", ""));

    private OtherAgent() {
    }

    static Order order(String value) {
        if (value.isBlank() || value.equals("none")) {
            return null;
        }
        try {
            return Order.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("punctual.it.other-agent=" + value + ": expected otel-first, otel-last or none");
        }
    }

    /** The other agent's order in this run, or null when the tests run alone. */
    public static Order order() {
        return ORDER;
    }

    public static boolean present() {
        return ORDER != null;
    }

    /**
     * What the other agent adds to a wait for a JVM's first lines: the OpenTelemetry agent weaves the
     * JDK's classes before main, about 2 s on an idle 2-core machine and ten times that on a loaded one.
     */
    public static Duration startAllowance() {
        return ORDER == null ? Duration.ZERO : Duration.ofSeconds(30);
    }

    /**
     * What the other agent may add to the time an application measures for a call that a deadline ended:
     * a JVM's first call of a kind also waits, after its deadline fired, for that agent to weave every
     * class the failure path loads for the first time (400 ms more, once, with OpenTelemetry loaded last on
     * JDK 25). The deadline's own firing, which Punctual's events time, is held to the same bound alone or
     * beside another agent.
     */
    public static Duration lateAllowance() {
        return ORDER == null ? Duration.ZERO : Duration.ofSeconds(1);
    }

    /** {@code options} with the other agent put before or after them; as they are when it is off or already named. */
    static List<String> around(List<String> options) {
        String otelAgent = "-javaagent:" + OTEL_JAR;
        if (ORDER == null || options.stream().anyMatch(o -> o.startsWith(otelAgent))) {
            return options;
        }
        if (!Files.isRegularFile(OTEL_JAR)) {
            throw new AssertionError("punctual.it.other-agent is set but " + OTEL_JAR + " is missing");
        }
        List<String> out = new ArrayList<>(OTEL_QUIET);
        if (ORDER == Order.OTEL_FIRST) {
            out.add(otelAgent);
            out.addAll(options);
        } else {
            out.addAll(options);
            out.add(otelAgent);
        }
        return out;
    }
}
