package dev.punctual.bench;

import dev.punctual.bench.jmh.GrpcCallBench;
import dev.punctual.bench.jmh.HttpCallBench;
import dev.punctual.bench.jmh.HttpHookBench;
import dev.punctual.bench.jmh.LoadedSchedulerBench;
import dev.punctual.bench.jmh.StpeBench;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The JMH benchmarks, one fork per agent and round: an agent can only be given to a fork as a JVM
 * option. Within a round the agents take turns, in alternating order from round to round, so that
 * a machine that gets busier during a round does not always weigh on the same agent.
 */
final class JmhRuns {
    /** A JMH benchmark class and what it is measured with. */
    record Spec(String name, Class<?> benchmark, List<Agent> agents, boolean allocation, boolean pinned) {
    }

    static final List<Spec> SPECS = List.of(
            new Spec("stpe", StpeBench.class, List.of(Agent.NONE, Agent.PUNCTUAL, Agent.OTEL), true, false),
            new Spec("loaded", LoadedSchedulerBench.class, List.of(Agent.NONE, Agent.PUNCTUAL, Agent.OTEL), false, true),
            new Spec("http", HttpCallBench.class, List.of(Agent.NONE, Agent.PUNCTUAL), false, false),
            // The hook's entry points exist only where the agent put them.
            new Spec("http-hook", HttpHookBench.class, List.of(Agent.PUNCTUAL), true, false),
            new Spec("grpc", GrpcCallBench.class, List.of(Agent.NONE, Agent.PUNCTUAL), false, false));

    private final Layout layout;
    private final Plan plan;
    private final Path output;

    JmhRuns(Layout layout, Plan plan, Path output) {
        this.layout = layout;
        this.plan = plan;
        this.output = output;
    }

    void run(Spec spec, Results results) throws IOException, RunnerException {
        for (int round = 1; round <= plan.rounds(); round++) {
            List<Agent> order = new ArrayList<>(spec.agents);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (Agent agent : order) {
                Progress.say("jmh " + spec.name + " round " + round + " " + agent.label);
                for (RunResult r : fork(spec, agent, round)) {
                    record(spec, agent, round, r, results);
                }
            }
        }
        if (spec.benchmark == HttpHookBench.class) {
            noteHookShareOfCall(results);
        }
    }

    /** The hook alone has no "none" to compare with: its baseline is the loopback call of the same run. */
    private static void noteHookShareOfCall(Results results) {
        List<Double> call = results.values("http", "send", Agent.NONE.label);
        if (call.isEmpty()) {
            results.note("http-hook: run with http (--only http,http-hook) for its share of a loopback call");
            return;
        }
        double callNanos = Stats.median(call) * 1000;
        for (String recording : List.of("off", "on")) {
            List<Double> hook = results.values("http-hook", "call", Agent.PUNCTUAL.label + ", recording " + recording);
            if (!hook.isEmpty()) {
                results.note(String.format(java.util.Locale.ROOT,
                        "http-hook, recording %s: %.0f ns median, %.2f%% of the median loopback HttpClient call without an agent (%.1f µs)",
                        recording, Stats.median(hook), 100 * Stats.median(hook) / callNanos, callNanos / 1000));
            }
        }
    }

    private Collection<RunResult> fork(Spec spec, Agent agent, int round) throws IOException, RunnerException {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
        jvmArgs.addAll(agent.jvmArgs(layout));
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(java.util.regex.Pattern.quote(spec.benchmark.getName()) + "\\.")
                .forks(1)
                .warmupIterations(plan.warmupIterations())
                .warmupTime(TimeValue.milliseconds(plan.iterationMillis()))
                .measurementIterations(plan.measurementIterations())
                .measurementTime(TimeValue.milliseconds(plan.iterationMillis()))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true)
                .output(output.resolve("jmh-" + spec.name + "-" + agent.label + "-" + round + ".log").toString());
        if (spec.benchmark == StpeBench.class && agent != Agent.NONE) {
            options.param("executor", "plain"); // the library way is measured without an agent
        }
        if (spec.allocation) {
            options.addProfiler(GCProfiler.class);
        }
        if (spec.pinned) {
            options.jvm(pinnedJava().toString());
        }
        return new Runner(options.build()).run();
    }

    private void record(Spec spec, Agent agent, int round, RunResult r, Results results) {
        String executor = r.getParams().getParam("executor");
        String recording = r.getParams().getParam("recording");
        String config = ("micrometer".equals(executor) ? "micrometer" : agent.label)
                + ("caller".equals(r.getParams().getParam("deadline")) ? ", caller's deadline" : "")
                + (recording == null ? "" : ", recording " + recording);
        String transport = r.getParams().getParam("transport");
        Result<?> primary = r.getPrimaryResult();
        String metric = primary.getLabel() + (transport == null ? "" : " (" + transport + ")");
        results.add(spec.name, metric, primary.getScoreUnit(), config, round, primary.getScore());
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                results.add(spec.name, "allocation", e.getValue().getScoreUnit(), config, round, e.getValue().getScore());
            }
        }
    }

    /** A java command that runs on one CPU only (the last one), for the benchmarks that need it. */
    private Path pinnedJava() throws IOException {
        Path script = output.resolve("pinned-java");
        int cpu = Runtime.getRuntime().availableProcessors() - 1;
        Files.writeString(script, "#!/bin/sh\nexec taskset -c " + cpu + " '" + Layout.java() + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
