package dev.punctual.bench.process;

import dev.punctual.bench.Layout;
import dev.punctual.bench.Plan;
import dev.punctual.bench.Progress;
import dev.punctual.bench.Results;
import dev.punctual.bench.Stats;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Accuracy under load: the ticker sample app (1 ms fixed-rate tick, CPU and GC load) measures every
 * tick's lag itself (its ground truth). In the same JVM Punctual records every tick (threshold 0) and
 * a jHiccup-style sleeper thread records its own hiccups. Punctual's lags are compared with the truth
 * execution by execution; the sleeper, which sees no tick, only by its distribution (P99, max), which
 * is also shown for Punctual.
 */
public final class Accuracy {
    static final String TICK = "dev.punctual.sample.ticker.Ticker$Tick";
    private static final String BENCH = "accuracy under load";
    private static final long TOLERANCE = 100_000;

    private Accuracy() {
    }

    public static void run(Layout layout, Plan plan, Path output, Results results) throws Exception {
        int rounds = plan.smoke() ? 1 : 3;
        for (int round = 1; round <= rounds; round++) {
            String name = "accuracy-" + round;
            Path jfr = output.resolve(name + ".jfr");
            Path truthFile = output.resolve(name + ".truth");
            Path hiccupFile = output.resolve(name + ".hiccups");
            for (Path f : List.of(jfr, truthFile, hiccupFile)) {
                Files.deleteIfExists(f);
            }
            List<String> command = List.of(Layout.java(), "-Xlog:jfr+startup=off",
                    "-javaagent:" + layout.agentJar + "=timers.lag.threshold=0,timers.summary.interval=1h",
                    "-javaagent:" + layout.sleeperJar + "=" + hiccupFile,
                    "-XX:StartFlightRecording:settings=default,filename=" + jfr,
                    "-jar", layout.tickerJar.toString(), "--quiet", "--period", "1ms",
                    "--duration", plan.accuracySeconds() + "s", "--cpu-load", "1", "--gc-load", "100",
                    "--ground-truth", truthFile.toString());
            Proc.start(command, output, name).await(Duration.ofSeconds(plan.accuracySeconds() + 90L));

            long[] truth = Files.readAllLines(truthFile).stream()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .mapToLong(l -> Long.parseLong(l.trim().split(" ")[3])).toArray();
            List<RecordedEvent> events = ticks(jfr);
            long[] agent = events.stream().mapToLong(e -> e.getDuration("lag").toNanos()).toArray();
            long[] hiccups = Files.readAllLines(hiccupFile).stream().filter(l -> !l.isBlank()).mapToLong(Long::parseLong).toArray();
            if (agent.length != truth.length) {
                results.note("accuracy round " + round + ": " + agent.length + " events for " + truth.length
                        + " ticks; compared the first " + Math.min(agent.length, truth.length));
            }
            int n = Math.min(agent.length, truth.length);
            long[] errors = new long[n];
            int outsideRun = 0;
            for (int i = 0; i < n; i++) {
                errors[i] = Math.abs(agent[i] - truth[i]);
                // The app is later than the agent by whatever ran between the worker's start of the
                // task and the task's first instruction (a GC pause, a safepoint): inside the event's
                // own duration. A difference the other way, or beyond that window, is a wrong figure.
                long appLater = truth[i] - agent[i];
                if (errors[i] > TOLERANCE && (appLater < 0 || appLater > events.get(i).getDuration().toNanos() + TOLERANCE)) {
                    outsideRun++;
                }
            }
            String us = "us";
            results.add(BENCH, "per-execution absolute error, P99", us, "punctual", round, Stats.percentile(errors, 0.99) / 1e3);
            results.add(BENCH, "per-execution absolute error, max", us, "punctual", round, Stats.percentile(errors, 1.0) / 1e3);
            for (double p : new double[]{0.99, 1.0}) {
                String metric = p == 1.0 ? "lag max" : "lag P99";
                long truthValue = Stats.percentile(truth, p);
                results.add(BENCH, metric, us, "truth (the ticker's own)", round, truthValue / 1e3);
                results.add(BENCH, metric, us, "punctual", round, Stats.percentile(agent, p) / 1e3);
                results.add(BENCH, metric, us, "sleeper (jHiccup-style)", round, Stats.percentile(hiccups, p) / 1e3);
                results.add(BENCH, metric + ", absolute error", us, "punctual", round,
                        Math.abs(Stats.percentile(agent, p) - truthValue) / 1e3);
                results.add(BENCH, metric + ", absolute error", us, "sleeper (jHiccup-style)", round,
                        Math.abs(Stats.percentile(hiccups, p) - truthValue) / 1e3);
            }
            results.add(BENCH, "ticks compared", "count", "punctual", round, n);
            results.add(BENCH, "errors over 100 us not inside the event's own duration", "count", "punctual", round, outsideRun);
            Progress.say("accuracy round " + round + " of " + rounds);
        }
    }

    /** Every tick's event in the recording, in the order the ticks started. */
    private static List<RecordedEvent> ticks(Path jfr) throws java.io.IOException {
        List<RecordedEvent> ticks = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("punctual.TimerLag") && TICK.equals(e.getString("task"))) {
                ticks.add(e);
            }
        }
        ticks.sort(Comparator.comparing(RecordedEvent::getStartTime));
        return ticks;
    }
}
