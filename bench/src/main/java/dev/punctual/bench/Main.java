package dev.punctual.bench;

import dev.punctual.bench.process.Accuracy;
import dev.punctual.bench.process.AttachDetach;
import dev.punctual.bench.process.CpuPerWork;
import dev.punctual.bench.process.Startup;
import dev.punctual.bench.process.Volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks and writes their figures, with medians, spread and ratios to the baseline of
 * the same run, to OUT/results.md (and every value to OUT/results.tsv).
 * <pre>
 * java -jar bench/target/benchmarks.jar [--smoke | --rounds N] [--only stpe,loaded,...] [--out DIR]
 * </pre>
 */
public final class Main {
    @FunctionalInterface
    private interface Benchmark {
        void run(Layout layout, Plan plan, Path output, Results results) throws Exception;
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.fullRun(5);
        Path output = Path.of("bench/target/results");
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> plan = Plan.smokeRun();
                case "--rounds" -> plan = Plan.fullRun(Integer.parseInt(args[++i]));
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                case "--out" -> output = Path.of(args[++i]);
                default -> {
                    System.err.println("bench: unknown argument " + args[i]
                            + "; usage: [--smoke | --rounds N] [--only " + String.join(",", benchmarks(null, null, null).keySet()) + "] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        Layout layout = Layout.find();
        layout.check();
        output = output.toAbsolutePath();
        Files.createDirectories(output);
        Results results = new Results();
        String started = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String loadBefore = Machine.loadAverage();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Benchmark> b : benchmarks(layout, plan, output).entrySet()) {
            if (only != null && !only.contains(b.getKey())) {
                continue;
            }
            Progress.say(b.getKey());
            try {
                b.getValue().run(layout, plan, output, results);
            } catch (Exception e) {
                failed.add(b.getKey() + ": " + e);
                results.note("FAILED " + b.getKey() + ": " + e);
                System.err.println("bench: " + b.getKey() + " failed: " + e + " (its JMH or JVM logs are beside the results)");
            }
        }
        String header = "# Punctual benchmarks: " + (plan.smoke() ? "smoke run" : "full run") + "\n\n"
                + "- started " + started + ", ended " + ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "- " + Machine.describe() + "\n"
                + "- load average before: " + loadBefore + "; after: " + Machine.loadAverage() + "\n"
                + "- command: java -jar " + layout.repo.relativize(layout.benchJar) + " " + String.join(" ", args) + "\n"
                + "- plan: " + plan + "\n";
        results.write(output.resolve("results.md"), output.resolve("results.tsv"), header);
        Progress.say("wrote " + output.resolve("results.md"));
        List<String> missing = results.missing();
        if (!failed.isEmpty() || !missing.isEmpty()) {
            System.err.println("bench: failed " + failed + "; no number for " + missing);
            System.exit(1);
        }
    }

    private static Map<String, Benchmark> benchmarks(Layout layout, Plan plan, Path output) {
        Map<String, Benchmark> all = new LinkedHashMap<>();
        for (JmhRuns.Spec spec : JmhRuns.SPECS) {
            all.put(spec.name(), (l, p, o, r) -> new JmhRuns(l, p, o).run(spec, r));
        }
        all.put("loaded-cpu", CpuPerWork::runLoaded);
        all.put("http-cpu", CpuPerWork::runHttp);
        all.put("startup", Startup::run);
        all.put("attach", AttachDetach::run);
        all.put("volume", Volume::run);
        all.put("accuracy", Accuracy::run);
        return all;
    }
}
