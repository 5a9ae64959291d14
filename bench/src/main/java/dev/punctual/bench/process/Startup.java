package dev.punctual.bench.process;

import dev.punctual.bench.Agent;
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
 * size (VmHWM, read by the application just before it exits), with no agent, Punctual and the
 * OpenTelemetry Java agent, taking turns.
 */
public final class Startup {
    private Startup() {
    }

    public static void run(Layout layout, Plan plan, Path output, Results results) throws Exception {
        // One unmeasured launch of each first: the first launch after a build reads the jars from disk.
        for (int round = 0; round <= plan.processRounds(); round++) {
            for (Agent agent : Agent.values()) {
                List<String> command = new ArrayList<>(List.of(Layout.java(), "-Xshare:auto"));
                command.addAll(agent.jvmArgs(layout));
                command.addAll(List.of("-cp", layout.benchJar.toString(), SmallApp.class.getName()));
                Proc p = Proc.start(command, output, "startup-" + agent.label + "-" + round);
                long ended = p.await(Duration.ofSeconds(60));
                if (round == 0) {
                    continue;
                }
                results.add("startup", "wall time to exit", "ms", agent.label, round, (ended - p.startedNanos) / 1e6);
                results.add("startup", "peak RSS (VmHWM)", "MiB", agent.label, round, p.number("rss-kb") / 1024.0);
            }
            Progress.say("startup round " + round + " of " + plan.processRounds());
        }
    }
}
