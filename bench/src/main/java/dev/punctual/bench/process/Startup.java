package dev.punctual.bench.process;

import dev.punctual.bench.Agent;
import dev.punctual.bench.Config;
import dev.punctual.bench.Layout;
import dev.punctual.bench.Plan;
import dev.punctual.bench.Progress;
import dev.punctual.bench.Results;
import dev.punctual.bench.apps.SmallApp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up: the small application from the launch of its JVM to its exit, and its peak resident set
 * size (VmHWM, read by the application just before it exits) and its CPU time (all threads, user and
 * system: a busy shared machine stretches wall time much more than it), with no agent, Punctual and the
 * OpenTelemetry Java agent, taking turns. With -Dpunctual.bench.other-agent=JAR, also another build of
 * Punctual, labelled "punctual (other build)": a change's start-up cost measured in the same run.
 */
public final class Startup {
    private Startup() {
    }

    private static List<Config> configs(Layout layout) {
        List<Config> configs = new ArrayList<>();
        for (Agent agent : Agent.values()) {
            configs.add(Config.of(agent, layout));
        }
        String other = System.getProperty("punctual.bench.other-agent");
        if (other != null) {
            configs.add(new Config("punctual (other build)", List.of("-javaagent:" + other)));
        }
        return configs;
    }

    public static void run(Layout layout, Plan plan, Path output, Results results) throws Exception {
        // One unmeasured launch of each first: the first launch after a build reads the jars from disk.
        for (int round = 0; round <= plan.processRounds(); round++) {
            for (Config config : configs(layout)) {
                List<String> command = new ArrayList<>(List.of(Layout.java()));
                command.addAll(config.jvmArgs());
                command.addAll(List.of("-cp", layout.benchJar.toString(), SmallApp.class.getName()));
                Proc p = Proc.start(command, output, "startup-" + config.label().replaceAll("\\W+", "-") + "-" + round);
                long ended = p.await(Duration.ofSeconds(60));
                if (round == 0) {
                    continue;
                }
                results.add("startup", "wall time to exit", "ms", config.label(), round, (ended - p.startedNanos) / 1e6);
                results.add("startup", "peak RSS (VmHWM)", "MiB", config.label(), round, p.number("rss-kb") / 1024.0);
                results.add("startup", "CPU time to exit (user+sys, all threads)", "ms", config.label(), round, p.number("cpu-ms"));
            }
            Progress.say("startup round " + round + " of " + plan.processRounds());
        }
    }
}
