package dev.punctual.cli.report;

import dev.punctual.cli.Text;

import dev.punctual.cli.Format;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The report as text: the figures first, in columns, each section saying what its numbers are. */
final class TextReport {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private TextReport() {
    }

    /** Milliseconds to the microsecond: exact enough to compare, short enough to read. */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String signedMs(Duration d) {
        return (d.isNegative() ? "" : "+") + ms(d.toNanos());
    }

    static void print(PrintStream out, Path file, Tally tally) {
        out.println("Punctual report: " + file.getFileName());
        if (tally.first() == null) {
            out.println("No Punctual events in this recording: was the agent loaded, and its events enabled?");
            return;
        }
        out.println("Punctual events from " + DATE_TIME.format(tally.first()) + " to " + DATE_TIME.format(tally.last())
                + " UTC (" + Format.nanos(Duration.between(tally.first(), tally.last()).toNanos()) + "); all times UTC");
        schedulers(out, tally.schedulers());
        deadlines(out, tally.targets());
        deaths(out, tally);
        clockSteps(out, tally);
    }

    private static void schedulers(PrintStream out, List<Tally.Scheduler> schedulers) {
        out.println();
        out.println("SCHEDULERS (" + schedulers.size() + "), worst P99 first. Lag in ms: P50, P99, P99.9 are the worst");
        out.println("summary interval's, MAX the largest; EXECUTIONS the sum of the summaries' counts");
        if (schedulers.isEmpty()) {
            out.println("  none: no punctual.TimerLagSummary or punctual.TimerLag event");
            return;
        }
        Table t = new Table("LLRRRRRRR").row("KIND", "SCHEDULER", "EXECUTIONS", "P50", "P99", "P99.9", "MAX", "INTERVALS", "LAG EVENTS");
        for (Tally.Scheduler s : schedulers) {
            t.row(s.kind(), s.name(), s.executions(), ms(s.worstP50()), ms(s.worstP99()), ms(s.worstP999()), ms(s.max()),
                    s.summaries(), s.lagEvents().total());
        }
        t.lines("  ").forEach(out::println);
        for (Tally.Scheduler s : schedulers) {
            List<Tally.Moment> worst = s.worstMoments();
            if (worst.isEmpty()) {
                continue;
            }
            out.println();
            out.println("  Worst moments of " + Text.oneLine(s.name()) + " (" + Text.oneLine(s.kind()) + "), largest lag first:");
            Table w = new Table("LRL");
            for (Tally.Moment m : worst) {
                w.row(TIME.format(m.start()), ms(m.lag()) + " ms", m.task());
            }
            w.lines("    ").forEach(out::println);
        }
    }

    private static void deadlines(PrintStream out, List<Tally.Target> targets) {
        out.println();
        out.println("DEADLINES (" + targets.size() + " targets): calls summed over punctual.DeadlineSummary");
        if (targets.isEmpty()) {
            out.println("  none: no deadline event");
            return;
        }
        Table t = new Table("LLRRR").row("CLIENT", "TARGET", "INJECTED", "MISSING", "EXCEEDED");
        for (Tally.Target target : targets) {
            t.row(target.client(), target.target(), target.injected(), target.missing(), target.exceeded());
        }
        t.lines("  ").forEach(out::println);
        for (Tally.Target target : targets) {
            List<Tally.Site> sites = target.topSites();
            if (sites.isEmpty()) {
                continue;
            }
            out.println();
            out.println("  Top call sites to " + Text.oneLine(target.target()) + " (" + Text.oneLine(target.client()) + "), by per-call events (bounded per site):");
            Table s = new Table("LRRR").row("SITE", "INJECTED", "MISSING", "EXCEEDED");
            for (Tally.Site site : sites) {
                s.row(site.site(), site.injected(), site.missing(), site.exceeded());
            }
            s.lines("    ").forEach(out::println);
        }
    }

    private static void deaths(PrintStream out, Tally tally) {
        out.println();
        out.println("PERIODIC TASKS THAT DIED (" + tally.deathCount() + ")");
        Table t = new Table("LLLLL");
        for (Tally.Death d : tally.deaths()) {
            t.row(TIME.format(d.time()), d.timerKind(), d.scheduler(), d.task(),
                    d.exception() + (d.message() == null ? "" : ": " + d.message()));
        }
        t.lines("  ").forEach(out::println);
    }

    private static void clockSteps(PrintStream out, Tally tally) {
        out.println();
        out.println("CLOCK STEPS (" + tally.clockStepCount() + "): how far the wall clock jumped, in ms");
        Table t = new Table("LRL");
        for (Tally.ClockStep c : tally.clockSteps()) {
            t.row(TIME.format(c.time()), signedMs(c.step()),
                    "wall clock " + DATE_TIME.format(c.wallBefore()) + " -> " + DATE_TIME.format(c.wallAfter()));
        }
        t.lines("  ").forEach(out::println);
    }
}
