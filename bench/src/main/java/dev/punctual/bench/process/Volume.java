package dev.punctual.bench.process;

import dev.punctual.bench.Agent;
import dev.punctual.bench.Config;
import dev.punctual.bench.Layout;
import dev.punctual.bench.Plan;
import dev.punctual.bench.Progress;
import dev.punctual.bench.Results;
import dev.punctual.bench.apps.BusyScheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recording volume: the BusyScheduler workload (100 000 tasks/s, about 1% over the default 1 ms
 * threshold) with a recording of JFR's default settings, started after a warm-up, with no agent, with Punctual's defaults, and
 * with a 1 s summary interval instead of 10 s (what the summaries cost). Sizes per event type come
 * from `jfr summary`; the process's CPU time from the application itself.
 */
public final class Volume {
    private static final int WARMUP_SECONDS = 10;
    private static final Pattern SUMMARY_ROW = Pattern.compile("^\\s*(\\S+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    private Volume() {
    }

    public static void run(Layout layout, Plan plan, Path output, Results results) throws Exception {
        List<Config> configs = List.of(
                Config.of(Agent.NONE, layout),
                Config.of(Agent.PUNCTUAL, layout),
                new Config("punctual, summary 1s", Agent.PUNCTUAL.jvmArgs(layout, "timers.summary.interval=1s")));
        int rounds = plan.smoke() ? 1 : 3;
        double minutes = plan.volumeSeconds() / 60.0;
        for (int round = 1; round <= rounds; round++) {
            for (Config config : configs) {
                String name = "volume-" + config.label().replaceAll("\\W+", "-") + "-" + round;
                Path jfr = output.resolve(name + ".jfr");
                Files.deleteIfExists(jfr);
                List<String> command = new ArrayList<>(List.of(Layout.java()));
                command.addAll(config.jvmArgs());
                command.addAll(List.of("-cp", layout.benchJar.toString(), BusyScheduler.class.getName(),
                        Integer.toString(plan.smoke() ? 1 : WARMUP_SECONDS), Integer.toString(plan.volumeSeconds()), jfr.toString()));
                Proc p = Proc.start(command, output, name);
                p.await(Duration.ofSeconds(WARMUP_SECONDS + plan.volumeSeconds() + 60L));
                Map<String, long[]> types = summary(jfr, output, name);
                long ticks = p.number("ticks");
                String c = config.label();
                results.add("recording volume", "recording size per minute", "KiB/min", c, round, Files.size(jfr) / 1024.0 / minutes);
                results.add("recording volume", "punctual.* events per minute", "KiB/min", c, round,
                        bytes(types, "punctual.") / 1024.0 / minutes);
                results.add("recording volume", "punctual.TimerLagSummary per minute", "KiB/min", c, round,
                        bytes(types, "punctual.TimerLagSummary") / 1024.0 / minutes);
                results.add("recording volume", "ticks run", "per s", c, round, ticks / (double) plan.volumeSeconds());
                results.add("recording volume", "process CPU time", "ms per s", c, round,
                        p.number("cpu-ms") / (double) plan.volumeSeconds());
                if (!c.equals(Agent.NONE.label)) {
                    long late = count(types, "punctual.TimerLag");
                    results.add("recording volume", "executions over the threshold", "%", c, round, 100.0 * late / ticks);
                }
            }
            Progress.say("volume round " + round + " of " + rounds);
        }
    }

    /** Event type to {count, bytes}, from the JDK's jfr tool. */
    private static Map<String, long[]> summary(Path jfr, Path output, String name) throws IOException, InterruptedException {
        Path jfrTool = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Proc p = Proc.start(List.of(jfrTool.toString(), "summary", jfr.toString()), output, name + "-summary");
        p.await(Duration.ofSeconds(60));
        Map<String, long[]> types = new HashMap<>();
        for (String line : Files.readAllLines(p.out)) {
            Matcher m = SUMMARY_ROW.matcher(line);
            if (m.matches()) {
                types.put(m.group(1), new long[]{Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
        }
        return types;
    }

    private static long bytes(Map<String, long[]> types, String prefix) {
        return types.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue()[1]).sum();
    }

    private static long count(Map<String, long[]> types, String type) {
        long[] row = types.get(type);
        return row == null ? 0 : row[0];
    }
}
