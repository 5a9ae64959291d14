package dev.punctual.cli.top;

import dev.punctual.cli.Format;
import dev.punctual.cli.Text;
import dev.punctual.cli.report.Table;
import dev.punctual.cli.report.Tally;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One screenful of top: its lines, each at most as wide as the screen, as many as fit. Schedulers come
 * first, the worst latest P99 on top; the other sections keep at least two lines each when they have
 * something to show, and a section that does not fit whole says how many it leaves out.
 */
final class Frame {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Map<String, String> SHORT_KINDS = Map.of(
            "ScheduledThreadPoolExecutor", "STPE",
            "ForkJoinPool", "FJP",
            "java.util.Timer", "Timer",
            "HashedWheelTimer", "Wheel",
            "NettyEventLoop", "Loop");
    private static final String ASCII_LEVELS = "_.-:=+*#";
    private static final String UNICODE_LEVELS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
    /** The sparkline's scale: 10 us and less is its lowest mark, 100 ms and more its highest. */
    private static final double SPARK_LOW = Math.log10(10_000);
    private static final double SPARK_HIGH = Math.log10(100_000_000);
    private static final int MIN_SPARK = 10;
    private static final int MAX_SPARK = 60;

    private Frame() {
    }

    /** What a frame shows besides the tally. */
    record Context(long pid, String main, Instant now, Instant since, String status, boolean unicode) {
    }

    static List<String> render(Tally tally, Context c, int rows, int columns) {
        List<String> lines = new ArrayList<>();
        lines.add(fit(header(c, columns), columns));

        List<Tally.Scheduler> schedulers = tally.schedulers().stream().filter(s -> s.latest() != null)
                .sorted(Comparator.comparingLong((Tally.Scheduler s) -> s.latest().p99()).reversed().thenComparing(Tally.Scheduler::name))
                .toList();
        List<Tally.Target> targets = tally.targets();
        List<Tally.Death> deaths = reversed(tally.deaths());
        List<Tally.ClockStep> steps = reversed(tally.clockSteps());

        // Each section: a title line; schedulers and deadlines also a column header.
        int fixed = lines.size() + 2 + 2 + 1 + 1;
        int[] shown = share(Math.max(0, rows - fixed), schedulers.size(), targets.size(), deaths.size(), steps.size());

        int spark = Math.max(MIN_SPARK, Math.min(MAX_SPARK, columns - 60));
        lines.add(fit("SCHEDULERS " + count(shown[0], schedulers.size()) + " by latest P99; EXEC/S, P50, P99 of the latest summary, "
                + "MAX of all", columns));
        Table t = new Table("LLRRRR").row("KIND", "SCHEDULER", "EXEC/S", "P50", "P99", "MAX");
        List<String> sparks = new ArrayList<>();
        sparks.add(Table.shorten("P99 PER SUMMARY", spark));
        for (Tally.Scheduler s : schedulers.subList(0, shown[0])) {
            Tally.Interval latest = s.latest();
            t.row(SHORT_KINDS.getOrDefault(s.kind(), s.kind()), s.name(), rate(s.intervals()), Format.nanos(latest.p50()),
                    Format.nanos(latest.p99()), Format.nanos(s.max()));
            sparks.add(sparkline(s.intervals(), spark, c.unicode));
        }
        List<String> rowsOfTable = t.lines("", columns - spark - 2, 1);
        int width = rowsOfTable.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < rowsOfTable.size(); i++) {
            String row = rowsOfTable.get(i);
            lines.add(fit(row + " ".repeat(width - row.length()) + "  " + sparks.get(i), columns));
        }

        lines.add(fit("DEADLINES " + count(shown[1], targets.size()) + " calls since top started", columns));
        Table d = new Table("LLRRR").row("CLIENT", "TARGET", "INJECTED", "MISSING", "EXCEEDED");
        for (Tally.Target target : targets.subList(0, shown[1])) {
            d.row(target.client(), target.target(), target.injected(), target.missing(), target.exceeded());
        }
        lines.addAll(d.lines("", columns, 1));

        lines.add(fit("DEAD TASKS " + count(shown[2], (int) tally.deathCount()) + " latest first", columns));
        Table dead = new Table("LLLL");
        for (Tally.Death death : deaths.subList(0, shown[2])) {
            dead.row(CLOCK.format(death.time()), death.scheduler(), death.task(), death.exception()
                    + (death.message() == null ? "" : ": " + death.message()));
        }
        lines.addAll(dead.lines("", columns, 2));

        lines.add(fit("CLOCK STEPS " + count(shown[3], (int) tally.clockStepCount()) + " latest first", columns));
        Table st = new Table("LR");
        for (Tally.ClockStep step : steps.subList(0, shown[3])) {
            st.row(CLOCK.format(step.time()), (step.step().isNegative() ? "-" : "+") + Format.nanos(step.step().abs().toNanos()));
        }
        lines.addAll(st.lines("", columns, 0));
        return lines.subList(0, Math.min(lines.size(), rows));
    }

    private static String header(Context c, int columns) {
        String left = "punctual top  pid " + c.pid + "  " + c.main;
        String right = CLOCK.format(c.now) + " UTC  " + c.status + "  q: quit";
        int gap = columns - left.length() - right.length();
        return gap >= 1 ? left + " ".repeat(gap) + right : left + "  " + right;
    }

    /**
     * Lines for each section: first up to two each, in order, then the rest in order, schedulers first.
     */
    static int[] share(int lines, int... wanted) {
        int[] given = new int[wanted.length];
        int left = lines;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < wanted.length; i++) {
                int more = Math.min(left, (pass == 0 ? Math.min(2, wanted[i]) : wanted[i]) - given[i]);
                given[i] += Math.max(0, more);
                left -= Math.max(0, more);
            }
        }
        return given;
    }

    /** One mark per summary interval, the latest on the right, as many as fit. */
    static String sparkline(List<Tally.Interval> intervals, int width, boolean unicode) {
        String levels = unicode ? UNICODE_LEVELS : ASCII_LEVELS;
        StringBuilder b = new StringBuilder();
        for (Tally.Interval i : intervals.subList(Math.max(0, intervals.size() - width), intervals.size())) {
            double position = (Math.log10(Math.max(1, i.p99())) - SPARK_LOW) / (SPARK_HIGH - SPARK_LOW);
            int level = (int) Math.round(position * (levels.length() - 1));
            b.append(levels.charAt(Math.max(0, Math.min(levels.length() - 1, level))));
        }
        return b.toString();
    }

    /** Executions a second in the latest summary: its count over the time since the one before. */
    static String rate(List<Tally.Interval> intervals) {
        if (intervals.size() < 2) {
            return "-";
        }
        Tally.Interval latest = intervals.get(intervals.size() - 1);
        long millis = java.time.Duration.between(intervals.get(intervals.size() - 2).end(), latest.end()).toMillis();
        return millis <= 0 ? "-" : Long.toString(Math.round(latest.count() * 1000.0 / millis));
    }

    private static String count(int shown, int all) {
        return shown == all ? "(" + all + ")" : "(" + shown + " of " + all + ")";
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    private static String fit(String line, int columns) {
        String one = Text.oneLine(line);
        return one.length() <= columns ? one : one.substring(0, columns);
    }
}
