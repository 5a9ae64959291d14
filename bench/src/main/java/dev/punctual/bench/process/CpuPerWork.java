package dev.punctual.bench.process;

import dev.punctual.bench.Agent;
import dev.punctual.bench.Config;
import dev.punctual.bench.Layout;
import dev.punctual.bench.Plan;
import dev.punctual.bench.Progress;
import dev.punctual.bench.Results;
import dev.punctual.bench.apps.FixedRateLoad;
import dev.punctual.bench.apps.HttpLoad;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU time a unit of work costs, read per thread inside the measured JVM: what the throughput
 * benchmark and the loopback-call benchmark cannot resolve on a shared machine, because wall time and
 * an application's operations per ms move with the neighbours' load by more than the targets asked.
 * {@code loaded-cpu}: the scheduler's thread at 100 000 tasks/s, as a share of one CPU; {@code http-cpu}:
 * an HttpClient call on loopback. The configurations take turns, in alternating order.
 */
public final class CpuPerWork {
    private CpuPerWork() {
    }

    public static void runLoaded(Layout layout, Plan plan, Path output, Results results) throws Exception {
        run("loaded-cpu", FixedRateLoad.class, List.of(Agent.NONE, Agent.PUNCTUAL, Agent.OTEL), layout, plan, output, (p, config, round) -> {
            results.add("loaded-cpu", "scheduler and agent threads' CPU at 100 000 tasks/s", "% of one CPU", config, round,
                    p.number("cpu-ppm") / 10_000.0);
            results.add("loaded-cpu", "CPU per task", "ns", config, round, p.number("cpu-ns-per-task"));
            results.add("loaded-cpu", "tasks run", "per s", config, round, p.number("rate"));
        });
    }

    public static void runHttp(Layout layout, Plan plan, Path output, Results results) throws Exception {
        run("http-cpu", HttpLoad.class, List.of(Agent.NONE, Agent.PUNCTUAL), layout, plan, output, (p, config, round) -> {
            results.add("http-cpu", "client threads' CPU per call", "µs", config, round, p.number("client-cpu-ns-per-call") / 1000.0);
            results.add("http-cpu", "process CPU per call", "µs", config, round, p.number("process-cpu-ns-per-call") / 1000.0);
            results.add("http-cpu", "wall time per call", "µs", config, round, p.number("wall-ns-per-call") / 1000.0);
        });
    }

    private interface Reader {
        void read(Proc p, String config, int round) throws Exception;
    }

    private static void run(String name, Class<?> app, List<Agent> agents, Layout layout, Plan plan, Path output, Reader reader)
            throws Exception {
        long warmupMillis = plan.smoke() ? 500 : 4_000;
        long measureMillis = plan.smoke() ? 500 : 8_000;
        int rounds = plan.smoke() ? 1 : plan.processRounds();
        for (int round = 1; round <= rounds; round++) {
            List<Agent> order = new ArrayList<>(agents);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (Agent agent : order) {
                Config config = Config.of(agent, layout);
                List<String> command = new ArrayList<>(List.of(Layout.java()));
                command.addAll(config.jvmArgs());
                command.addAll(List.of("-cp", layout.benchJar.toString(), app.getName(),
                        Long.toString(warmupMillis), Long.toString(measureMillis)));
                Proc p = Proc.start(command, output, name + "-" + config.label() + "-" + round);
                p.await(Duration.ofMillis(warmupMillis + measureMillis + 60_000));
                reader.read(p, config.label(), round);
            }
            Progress.say(name + " round " + round + " of " + rounds);
        }
    }
}
