package dev.punctual.it.metrics;

import dev.punctual.it.apps.OwnOpenTelemetryApp;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application with an OpenTelemetry SDK of its own, of another release than the agent's, exporting to
 * the same receiver; then also with the OpenTelemetry Java agent, loaded before or after Punctual. No
 * class may clash (the app runs on its own release, prints and exits as without Punctual), and every
 * party's metrics arrive.
 */
class MetricsCoexistenceTest {
    static final Path APP_SDK = Path.of(System.getProperty("punctual.otel.app.sdk", "target/opentelemetry-sdk-1.44.1"));
    static final Path OTEL_AGENT = Path.of(System.getProperty("punctual.otel.agent.jar", "target/agents/opentelemetry-javaagent.jar"));
    static final String PUNCTUAL = "metrics.exporter=otlp,metrics.interval=300ms";

    @Test
    void anApplicationsOwnSdkOfAnotherReleaseAndPunctualBothExport() throws Exception {
        Jvm.Result alone;
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            alone = app(Jvm.named("metrics-own-sdk-alone"), receiver);
        }
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Jvm.Result r = app(Jvm.named("metrics-own-sdk").agent(PUNCTUAL + ",otlp.endpoint=" + receiver.endpoint()), receiver);
            // The app's SDK has its own say (on JDK 25, its use of sun.misc.Unsafe); Punctual adds nothing.
            assertEquals(alone.stderrLines(), r.stderrLines());
            assertBothArrive(receiver);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"otel-first", "punctual-first"})
    void besideTheOpenTelemetryJavaAgentAllThreeExport(String order) throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Jvm jvm = Jvm.named("metrics-own-sdk-" + order);
            String otel = "-javaagent:" + OTEL_AGENT.toAbsolutePath();
            String[] otelSettings = {"-Dotel.metrics.exporter=otlp", "-Dotel.traces.exporter=none", "-Dotel.logs.exporter=none",
                    "-Dotel.exporter.otlp.protocol=http/protobuf", "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
                    "-Dotel.metric.export.interval=300", "-Dotel.javaagent.logging=none"};
            jvm.option(otelSettings);
            if (order.equals("otel-first")) {
                jvm.option(otel).agent(PUNCTUAL + ",otlp.endpoint=" + receiver.endpoint());
            } else {
                jvm.agent(PUNCTUAL + ",otlp.endpoint=" + receiver.endpoint()).option(otel);
            }
            Jvm.Result r = app(jvm, receiver);
            assertTrue(r.stderrLines().stream().noneMatch(l -> l.startsWith("punctual:") || l.contains("Exception")), r.stderr);
            assertBothArrive(receiver);
            receiver.await("jvm.memory.used", m -> true, Duration.ofSeconds(10)); // the OpenTelemetry agent's own
        }
    }

    private static Jvm.Result app(Jvm jvm, OtlpReceiver receiver) throws Exception {
        String classPath;
        try (Stream<Path> jars = Files.list(APP_SDK)) {
            classPath = Stream.concat(Stream.of(Path.of("target/test-classes").toAbsolutePath().toString()),
                    jars.map(Path::toString).sorted()).collect(Collectors.joining(File.pathSeparator));
        }
        Jvm.Result r = jvm.classPath(classPath, OwnOpenTelemetryApp.class.getName(), receiver.endpoint()).run().assertExitCode(0);
        String version = APP_SDK.getFileName().toString().replace("opentelemetry-sdk-", "");
        assertEquals(List.of("sdk opentelemetry-sdk-metrics-" + version + ".jar", "work " + OwnOpenTelemetryApp.WORK),
                r.stdout.lines().collect(Collectors.toList()), "the app ran on its own release of the SDK");
        return r;
    }

    /** The app's counter, in its own scope, reaches its total; Punctual's lag histogram arrives too. */
    private static void assertBothArrive(OtlpReceiver receiver) throws Exception {
        receiver.await("app.work", m -> m.getSum().getDataPointsList().stream().anyMatch(p -> p.getAsInt() == OwnOpenTelemetryApp.WORK),
                Duration.ofSeconds(10));
        receiver.await("punctual.timer.lag", m -> m.getHistogram().getDataPointsList().stream().anyMatch(p -> p.getCount() > 0),
                Duration.ofSeconds(10));
        Set<String> scopes = new HashSet<>();
        for (OtlpReceiver.Received r : receiver.received()) {
            for (ResourceMetrics rm : r.request().getResourceMetricsList()) {
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        if (m.getName().equals("app.work") || m.getName().startsWith("punctual.")) {
                            scopes.add(m.getName().startsWith("punctual.") ? "punctual:" + sm.getScope().getName() : "app:" + sm.getScope().getName());
                        }
                    }
                }
            }
        }
        assertTrue(scopes.containsAll(Set.of("app:own-app", "punctual:dev.punctual")), scopes.toString());
    }
}
