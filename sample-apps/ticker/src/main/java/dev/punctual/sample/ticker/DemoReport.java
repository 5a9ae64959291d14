package dev.punctual.sample.ticker;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The demo's last step: the ticker's own drift statistics next to what Punctual recorded about the
 * same executor in the JFR file. Usage: DemoReport TICKER_OUTPUT RECORDING.jfr
 */
public final class DemoReport {
    private DemoReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DemoReport TICKER_OUTPUT RECORDING.jfr");
            System.exit(2);
        }
        String own = Files.readString(Path.of(args[0]));
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[1]));
        List<RecordedEvent> summaries = events.stream()
                .filter(e -> e.getEventType().getName().equals("punctual.TimerLagSummary"))
                .filter(e -> e.getString("scheduler").equals("pool-1"))
                .collect(Collectors.toList());
        List<RecordedEvent> late = events.stream()
                .filter(e -> e.getEventType().getName().equals("punctual.TimerLag"))
                .filter(e -> e.getString("task").endsWith("Ticker$Tick"))
                .collect(Collectors.toList());
        if (summaries.size() != 1) {
            System.err.println("demo: expected one punctual.TimerLagSummary for pool-1, found " + summaries.size());
            System.exit(1);
        }
        RecordedEvent s = summaries.get(0);
        System.out.println();
        System.out.printf("%-12s %22s %26s%n", "", "ticker (its own clock)", "Punctual (JFR, pool-1)");
        System.out.printf("%-12s %22s %26s%n", "executions", value(own, "count", false), s.getLong("count"));
        row("p50", own, s.getDuration("lagP50"));
        row("p99", own, s.getDuration("lagP99"));
        row("p999", own, s.getDuration("lagP999"));
        row("max", own, s.getDuration("lagMax"));
        System.out.println();
        System.out.printf("punctual.TimerLag events (ticks at least 1 ms late): %d%n", late.size());
        late.stream().sorted((a, b) -> b.getDuration("lag").compareTo(a.getDuration("lag"))).limit(3).forEach(e ->
                System.out.printf("  %s  lag %s  task %s%n", e.getStartTime(), micros(e.getDuration("lag")), e.getString("task")));
        System.out.println("(the executor's count also includes the stall task's own runs)");
    }

    private static void row(String key, String own, Duration agent) {
        System.out.printf("%-12s %22s %26s%n", key, value(own, key, true), micros(agent));
    }

    private static String micros(Duration d) {
        return String.format(Locale.ROOT, "%.1f us", d.toNanos() / 1000.0);
    }

    private static String value(String own, String key, boolean micros) {
        Matcher m = Pattern.compile("^\\s+" + key + "\\s+(\\S+)", Pattern.MULTILINE).matcher(own);
        return m.find() ? m.group(1) + (micros ? " us" : "") : "?";
    }
}
