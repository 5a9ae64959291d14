package dev.punctual.it.budget;

import dev.punctual.it.support.OtherAgent;
import dev.punctual.it.support.Jvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Budgets beside the OpenTelemetry Java agent, loaded before and after it. OpenTelemetry propagates its
 * own context across the same executors, and wraps some tasks (lambdas) as they are submitted: a budget
 * must still reach the thread that runs the wrapper, and the gRPC server calls OpenTelemetry traces
 * must still bring theirs.
 */
class BudgetWithOpenTelemetryTest {
    enum Order { OTEL_FIRST, PUNCTUAL_FIRST }

    /** The JVM's note that OpenTelemetry appended to the boot class path: OpenTelemetry's line, not ours. */
    private static final String SHARING_NOTE = "OpenJDK 64-Bit Server VM warning: Sharing is only supported";
    static final Map<Order, BudgetTest.Run> RUNS = new EnumMap<>(Order.class);

    @BeforeAll
    static void runBoth() throws Exception {
        assertTrue(Files.isRegularFile(OtherAgent.OTEL_JAR), "the build copies the OpenTelemetry agent to "
                + OtherAgent.OTEL_JAR);
        for (Order order : Order.values()) {
            String name = "budget-otel-" + order.name().toLowerCase();
            Path jfr = Jvm.file(name + ".jfr");
            Jvm jvm = Jvm.named(name).option(OtherAgent.OTEL_QUIET.toArray(String[]::new)).recording(jfr);
            if (order == Order.PUNCTUAL_FIRST) {
                jvm.agent("");
            }
            jvm.option("-javaagent:" + OtherAgent.OTEL_JAR);
            if (order == Order.OTEL_FIRST) {
                jvm.agent("");
            }
            Jvm.Result r = jvm.sampleApp("budget", "--hops", "execute,submit,fork-join,async", "--clients", "http-client,grpc")
                    .run().assertExitCode(0);
            List<String> ours = r.stderrLines().stream().filter(l -> !l.isBlank() && !l.startsWith(SHARING_NOTE)).toList();
            assertEquals(List.of(), ours, r.toString());
            RUNS.put(order, BudgetTest.parse(r, jfr));
        }
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void everyCallEndsWithTheCaller(Order order) {
        BudgetTest.Run run = RUNS.get(order);
        BudgetTest.assertEveryHopAndClient(run.calls(), Set.of("execute", "submit", "fork-join", "async"), "grpc");
        for (BudgetTest.Call c : run.calls()) {
            BudgetTest.assertEndsWithTheCaller(c, run);
        }
    }
}
