package dev.punctual.it.coexistence;

import dev.punctual.it.apps.SchedulerZoo;
import dev.punctual.it.support.Jvm;
import dev.punctual.it.support.OtherAgent;
import dev.punctual.it.support.Recording;
import dev.punctual.it.timers.SchedulerKindsTest;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Punctual beside the OpenTelemetry Java agent, loaded before it and after it. Both weave
 * ScheduledThreadPoolExecutor; loaded first, OpenTelemetry gives ScheduledFutureTask an interface from
 * the jar it appended to the boot class path, which has no class file a weaver could read (a Byte Buddy
 * type pool failed on it with NoSuchTypeException and left the class unwoven).
 * Each order must leave the app's output as it is without agents, print nothing beyond what
 * OpenTelemetry alone prints, and record the app's tasks.
 */
class OpenTelemetryAgentTest {
    static final Path OTEL_JAR = OtherAgent.OTEL_JAR;
    static final String[] OTEL_QUIET = OtherAgent.OTEL_QUIET.toArray(String[]::new);
    /** Loaded by OpenTelemetry's executor advice only when it runs inside a scheduler's code. */
    static final String OTEL_EXECUTOR_ADVICE = "io.opentelemetry.javaagent.bootstrap.executors.ExecutorAdviceHelper";

    enum Order { OTEL_FIRST, PUNCTUAL_FIRST }

    record Run(Jvm.Result result, Set<String> loadedClasses, Path jfr) {
        Run assertExitCode() {
            result.assertExitCode(0);
            return this;
        }
    }

    static Jvm.Result plain;
    static Run otelAlone;
    static final Map<Order, Run> BOTH = new EnumMap<>(Order.class);

    @BeforeAll
    static void runAll() throws Exception {
        assertTrue(Files.isRegularFile(OTEL_JAR), "the build copies the OpenTelemetry agent to " + OTEL_JAR);
        plain = Jvm.named("otel-none").main(SchedulerZoo.class).run().assertExitCode(0);
        otelAlone = run("otel-alone", null);
        for (Order order : Order.values()) {
            BOTH.put(order, run("otel-" + order.name().toLowerCase(), order));
        }
    }

    /** One JVM with OpenTelemetry, and with Punctual before or after it when {@code order} is set. */
    private static Run run(String name, Order order) throws Exception {
        Path classes = Jvm.file(name + ".classes");
        Path jfr = Jvm.file(name + ".jfr");
        Jvm jvm = Jvm.named(name).option(OTEL_QUIET).recording(jfr)
                .option("-Xlog:class+load=info:file=" + classes);
        if (order == Order.PUNCTUAL_FIRST) {
            jvm.agent("timers.lag.threshold=0");
        }
        jvm.option("-javaagent:" + OTEL_JAR);
        if (order == Order.OTEL_FIRST) {
            jvm.agent("timers.lag.threshold=0");
        }
        Jvm.Result r = jvm.main(SchedulerZoo.class).run();
        Set<String> loaded = Files.readAllLines(classes).stream()
                .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\]\\s*", "").split(" ")[0])
                .collect(Collectors.toSet());
        return new Run(r, loaded, jfr);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void appBehavesAsWithoutAgents(Order order) {
        Run run = BOTH.get(order).assertExitCode();
        assertEquals(plain.stdout, run.result.stdout);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void punctualPrintsNothing(Order order) {
        // OpenTelemetry's own lines (the JVM's note that it appended to the boot class path) are the
        // baseline; any line beyond them is Punctual's.
        assertEquals(otelAlone.assertExitCode().result.stderrLines(), BOTH.get(order).result.stderrLines());
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void openTelemetryIsActive(Order order) {
        Set<String> loaded = BOTH.get(order).loadedClasses;
        assertTrue(loaded.contains("io.opentelemetry.javaagent.bootstrap.field.VirtualFieldInstalledMarker"), "OpenTelemetry's boot classes load");
        assertTrue(loaded.contains(OTEL_EXECUTOR_ADVICE), "OpenTelemetry's executor advice ran");
        assertTrue(otelAlone.loadedClasses.contains(OTEL_EXECUTOR_ADVICE), "and it does alone");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void fixedRateOnAPool(Order order) throws Exception {
        SchedulerKindsTest.assertFixedRateOnAPool(of(order, SchedulerZoo.FixedRate.class));
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void everyTaskOfTheAppIsRecorded(Order order) throws Exception {
        assertTrue(of(order, SchedulerZoo.FixedDelay.class).size() >= 5, "fixed delay");
        assertEquals(1, of(order, SchedulerZoo.OneShotCallable.class).size(), "one-shot callable");
        assertEquals(1, of(order, SchedulerZoo.Delayed.class).size(), "CompletableFuture.delayedExecutor");
    }

    private static List<RecordedEvent> of(Order order, Class<?> task) throws Exception {
        Run run = BOTH.get(order).assertExitCode();
        return Recording.read(run.jfr).events("punctual.TimerLag").stream()
                .filter(e -> task.getName().equals(e.getString("task")))
                .collect(Collectors.toList());
    }
}
