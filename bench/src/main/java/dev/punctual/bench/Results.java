package dev.punctual.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every figure of a run, by benchmark, metric, configuration and round. A configuration is compared
 * with the baseline of the same round (configuration "none"), round by round, so that a machine that
 * slows down between rounds moves both sides of each ratio alike.
 */
public final class Results {
    public static final String BASELINE = Agent.NONE.label;

    private record Key(String benchmark, String metric, String unit) {
    }

    private final Map<Key, Map<String, Map<Integer, Double>>> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public synchronized void add(String benchmark, String metric, String unit, String config, int round, double value) {
        figures.computeIfAbsent(new Key(benchmark, metric, unit), k -> new LinkedHashMap<>())
                .computeIfAbsent(config, c -> new TreeMap<>())
                .put(round, value);
    }

    /** A line printed under the figures, e.g. what a run observed beside them. */
    public synchronized void note(String line) {
        notes.add(line);
    }

    public synchronized List<Double> values(String benchmark, String metric, String config) {
        for (Map.Entry<Key, Map<String, Map<Integer, Double>>> e : figures.entrySet()) {
            if (e.getKey().benchmark.equals(benchmark) && e.getKey().metric.equals(metric) && e.getValue().containsKey(config)) {
                return new ArrayList<>(e.getValue().get(config).values());
            }
        }
        return List.of();
    }

    /** Whether every benchmark and metric has at least one finite number. */
    public synchronized List<String> missing() {
        List<String> missing = new ArrayList<>();
        figures.forEach((key, configs) -> configs.forEach((config, rounds) -> {
            if (rounds.values().stream().noneMatch(Double::isFinite)) {
                missing.add(key.benchmark + " " + key.metric + " " + config);
            }
        }));
        return missing;
    }

    public synchronized void write(Path markdown, Path tsv, String header) throws IOException {
        StringBuilder md = new StringBuilder(header).append('\n');
        StringBuilder raw = new StringBuilder("benchmark\tmetric\tunit\tconfig\tround\tvalue\n");
        String lastBenchmark = "";
        for (Map.Entry<Key, Map<String, Map<Integer, Double>>> e : figures.entrySet()) {
            Key key = e.getKey();
            if (!key.benchmark.equals(lastBenchmark)) {
                md.append("\n## ").append(key.benchmark).append('\n');
                lastBenchmark = key.benchmark;
            }
            Map<Integer, Double> baseline = e.getValue().get(BASELINE);
            md.append("\n### ").append(key.metric).append(" (").append(key.unit).append(")\n\n")
                    .append("| config | median | min | max | n | ratio to none: median (min-max) | minus none: median (min-max) "
                            + "| minus none: mean, 95% interval | per round |\n")
                    .append("|---|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Map<Integer, Double>> c : e.getValue().entrySet()) {
                List<Double> v = finite(c.getValue().values());
                List<Double> ratios = new ArrayList<>();
                List<Double> deltas = new ArrayList<>();
                if (baseline != null && !c.getKey().equals(BASELINE)) {
                    c.getValue().forEach((round, value) -> {
                        Double b = baseline.get(round);
                        if (b != null && Double.isFinite(b) && Double.isFinite(value)) {
                            if (b != 0) { // a baseline of nothing (no events without the agent) has no ratio
                                ratios.add(value / b);
                            }
                            deltas.add(value - b);
                        }
                    });
                }
                md.append("| ").append(c.getKey())
                        .append(" | ").append(v.isEmpty() ? "-" : num(Stats.median(v)))
                        .append(" | ").append(v.isEmpty() ? "-" : num(Stats.min(v)))
                        .append(" | ").append(v.isEmpty() ? "-" : num(Stats.max(v)))
                        .append(" | ").append(v.size())
                        .append(" | ").append(ratios.isEmpty() ? "" : String.format(Locale.ROOT, "%.3f (%.3f-%.3f)",
                                Stats.median(ratios), Stats.min(ratios), Stats.max(ratios)))
                        .append(" | ").append(deltas.isEmpty() ? "" : num(Stats.median(deltas)) + " (" + num(Stats.min(deltas))
                                + " to " + num(Stats.max(deltas)) + ")")
                        .append(" | ").append(deltas.size() < 2 ? "" : interval(deltas))
                        .append(" | ").append(String.join(" ", c.getValue().values().stream().map(Results::num).toList()))
                        .append(" |\n");
                c.getValue().forEach((round, value) -> raw.append(key.benchmark).append('\t').append(key.metric).append('\t')
                        .append(key.unit).append('\t').append(c.getKey()).append('\t').append(round).append('\t')
                        .append(value).append('\n'));
            }
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        Files.writeString(markdown, md);
        Files.writeString(tsv, raw);
    }

    /** Mean of the round-by-round differences and its 95% confidence interval: "-1.17 (-3.87 to +1.53)". */
    private static String interval(List<Double> deltas) {
        double mean = Stats.mean(deltas);
        double half = Stats.confidence95(deltas);
        return num(mean) + " (" + num(mean - half) + " to " + num(mean + half) + ")";
    }

    private static List<Double> finite(Iterable<Double> values) {
        List<Double> out = new ArrayList<>();
        values.forEach(v -> {
            if (Double.isFinite(v)) {
                out.add(v);
            }
        });
        return out;
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.4f", v);
    }
}
