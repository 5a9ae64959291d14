package dev.punctual.cli;

import dev.punctual.agent.status.api.Counters;
import dev.punctual.agent.status.api.PunctualMXBean;
import dev.punctual.agent.status.api.SchedulerLag;
import dev.punctual.agent.status.api.SettingValue;
import dev.punctual.cli.target.TargetJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Punctual's mode, settings in force and where each came from, its instrumentations (active or "
                + "skipped, with why), its counters, and the worst schedulers by recent P99 lag.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    long pid;

    @Override
    public Integer call() throws Failure {
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            PunctualMXBean agent = jvm.punctual();
            // One read of each attribute, each bounded: a target that stops answering mid-way fails cleanly.
            String version = TargetJvm.bounded("read the status of " + pid, agent::getVersion);
            String mode = TargetJvm.bounded("read the status of " + pid, agent::getMode);
            List<SettingValue> settings = TargetJvm.bounded("read the status of " + pid, agent::getSettings);
            Map<String, String> instrumentations = TargetJvm.bounded("read the status of " + pid, agent::getInstrumentations);
            Map<String, Long> counters = TargetJvm.bounded("read the status of " + pid, agent::getCounters);
            List<SchedulerLag> worst = TargetJvm.bounded("read the status of " + pid, agent::getWorstSchedulers);
            print(System.out, version, mode, settings, instrumentations, counters, worst);
        }
        return 0;
    }

    private void print(PrintStream out, String version, String mode, List<SettingValue> settings,
                       Map<String, String> instrumentations, Map<String, Long> counters, List<SchedulerLag> worst) {
        out.println("Punctual " + version + " in process " + pid + ", " + mode + " mode");
        out.println();
        out.println("Settings");
        for (SettingValue s : settings) {
            out.printf("  %-40s %-12s %s%n", Text.oneLine(s.getKey()), s.getValue().isEmpty() ? "(none)" : Text.oneLine(s.getValue()), s.getSource());
        }
        out.println();
        out.println("Instrumentations");
        for (Map.Entry<String, String> e : instrumentations.entrySet()) {
            out.printf("  %-48s %s%n", e.getKey(), Text.oneLine(e.getValue()));
        }
        out.println();
        out.println("Counters (since the agent started)");
        for (String key : Counters.ALL) {
            out.printf("  %-40s %d%n", key, counters.getOrDefault(key, 0L));
        }
        out.println();
        out.println("Worst schedulers by P99 lag (latest summary interval)");
        if (worst.isEmpty()) {
            out.println("  none yet: no scheduler has run a task in a completed summary interval");
            return;
        }
        out.printf("  %-30s %-28s %10s %10s %10s%n", "TIMER KIND", "SCHEDULER", "EXECUTIONS", "P99", "MAX");
        for (SchedulerLag s : worst) {
            out.printf("  %-30s %-28s %10d %10s %10s%n", Text.oneLine(s.getTimerKind()), Text.oneLine(s.getScheduler()), s.getExecutions(),
                    Format.nanos(s.getP99Nanos()), Format.nanos(s.getMaxNanos()));
        }
    }
}
