package dev.punctual.cli.report;

import dev.punctual.cli.Format;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as one HTML page that opens anywhere, offline: styles inline, charts as inline SVG, no
 * script. Everything from the recording is text to it (a thread name may hold markup), so every such
 * string is escaped, in tables and charts alike.
 */
final class HtmlReport {
    private static final int TIME_BINS = 40;
    private static final String STYLE = "body{font-family:sans-serif;margin:24px;color:#222}"
            + "table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 8px;font-size:13px;overflow-wrap:anywhere}"
            + "th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
            + "h2{margin-top:32px;border-bottom:1px solid #ccc}h3{margin-bottom:4px}p.note{color:#555;font-size:13px;max-width:60em}"
            + "svg.chart{border:1px solid #ddd;margin:4px 8px 12px 0}code{font-size:12px}";

    private HtmlReport() {
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    static String render(String fileName, Tally tally) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<title>Punctual report: ").append(escape(fileName)).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n<h1>Punctual report: ").append(escape(fileName)).append("</h1>\n");
        if (tally.first() == null) {
            h.append("<p>No Punctual events in this recording: was the agent loaded, and its events enabled?</p>");
            return h.append("</body></html>\n").toString();
        }
        h.append("<p>Punctual events from ").append(TextReport.DATE_TIME.format(tally.first())).append(" to ")
                .append(TextReport.DATE_TIME.format(tally.last())).append(" UTC (")
                .append(Format.nanos(Duration.between(tally.first(), tally.last()).toNanos())).append("). All times UTC.</p>\n");
        schedulers(h, tally.schedulers());
        deadlines(h, tally);
        deaths(h, tally);
        clockSteps(h, tally);
        return h.append("</body></html>\n").toString();
    }

    private static void schedulers(StringBuilder h, List<Tally.Scheduler> schedulers) {
        h.append("<h2 id=\"schedulers\">Schedulers</h2>\n<p class=\"note\">Lag in milliseconds. Executions are summed over the "
                + "scheduler's <code>punctual.TimerLagSummary</code> events; P50, P99 and P99.9 are the worst of its summary "
                + "intervals' (an upper bound of the whole recording's); max is the largest lag.</p>\n");
        if (schedulers.isEmpty()) {
            h.append("<p>None: no timer lag event.</p>\n");
            return;
        }
        h.append("<table class=\"schedulers\"><tr><th>kind</th><th>scheduler</th><th>executions</th><th>P50</th><th>P99</th>"
                + "<th>P99.9</th><th>max</th><th>intervals</th><th>lag events</th></tr>\n");
        for (Tally.Scheduler s : schedulers) {
            h.append("<tr>").append(cell(s.kind())).append(cell(s.name())).append(number(s.executions()))
                    .append(number(TextReport.ms(s.worstP50()))).append(number(TextReport.ms(s.worstP99())))
                    .append(number(TextReport.ms(s.worstP999()))).append(number(TextReport.ms(s.max())))
                    .append(number(s.summaries())).append(number(s.lagEvents().total())).append("</tr>\n");
        }
        h.append("</table>\n");
        for (Tally.Scheduler s : schedulers) {
            h.append("<h3>").append(escape(s.name())).append(" <small>(").append(escape(s.kind())).append(")</small></h3>\n");
            lagOverTime(h, s);
            histogram(h, s);
            List<Tally.Moment> worst = s.worstMoments();
            if (!worst.isEmpty()) {
                h.append("<table class=\"worst\"><tr><th>worst moments</th><th>lag (ms)</th><th>task</th></tr>\n");
                for (Tally.Moment m : worst) {
                    h.append("<tr>").append(cell(TextReport.TIME.format(m.start()))).append(number(TextReport.ms(m.lag())))
                            .append(cell(m.task())).append("</tr>\n");
                }
                h.append("</table>\n");
            }
        }
    }

    private static void lagOverTime(StringBuilder h, Tally.Scheduler s) {
        List<Tally.Interval> intervals = s.intervals();
        if (intervals.isEmpty()) {
            return;
        }
        List<Instant> times = new ArrayList<>();
        List<Long> p50 = new ArrayList<>();
        List<Long> p99 = new ArrayList<>();
        List<Long> p999 = new ArrayList<>();
        List<Long> max = new ArrayList<>();
        for (Tally.Interval i : intervals) {
            times.add(i.end());
            p50.add(i.p50());
            p99.add(i.p99());
            p999.add(i.p999());
            max.add(i.max());
        }
        h.append(Svg.timeChart("Lag over time of " + s.name() + ", per summary interval", List.of(
                new Svg.Series("P50", "#1b9e77", times, p50),
                new Svg.Series("P99", "#d95f02", times, p99),
                new Svg.Series("P99.9", "#7570b3", times, p999),
                new Svg.Series("max", "#e7298a", times, max)))).append('\n');
    }

    private static void histogram(StringBuilder h, Tally.Scheduler s) {
        List<LagHistogram.Bucket> buckets = s.lagEvents().buckets();
        if (buckets.isEmpty()) {
            return;
        }
        List<String> labels = new ArrayList<>();
        long[] counts = new long[buckets.size()];
        for (int i = 0; i < buckets.size(); i++) {
            LagHistogram.Bucket b = buckets.get(i);
            labels.add(b.from() == 0 ? "< " + Format.nanos(b.to()) : Format.nanos(b.from()));
            counts[i] = b.count();
        }
        h.append(Svg.barChart("Lag histogram of " + s.name() + "'s punctual.TimerLag events (executions at least the threshold late)",
                labels, List.of(new Svg.Stack("punctual.TimerLag events, by lag", "#d95f02", counts)), 1)).append('\n');
    }

    private static void deadlines(StringBuilder h, Tally tally) {
        List<Tally.Target> targets = tally.targets();
        h.append("<h2 id=\"deadlines\">Deadlines</h2>\n<p class=\"note\">Calls summed over <code>punctual.DeadlineSummary</code>. "
                + "Call sites are the first frame outside the JDK, Punctual and the RPC libraries in the per-call events' stack "
                + "traces, which are bounded per call site: they rank sites, they do not count calls.</p>\n");
        if (targets.isEmpty()) {
            h.append("<p>None: no deadline event.</p>\n");
            return;
        }
        h.append("<table class=\"targets\"><tr><th>client</th><th>target</th><th>injected</th><th>missing</th><th>exceeded</th>"
                + "<th>top call sites (injected / missing / exceeded events)</th></tr>\n");
        for (Tally.Target t : targets) {
            StringBuilder sites = new StringBuilder();
            for (Tally.Site s : t.topSites()) {
                sites.append(sites.length() == 0 ? "" : "<br>").append("<code>").append(escape(s.site())).append("</code> ")
                        .append(s.injected()).append(" / ").append(s.missing()).append(" / ").append(s.exceeded());
            }
            h.append("<tr>").append(cell(t.client())).append(cell(t.target())).append(number(t.injected()))
                    .append(number(t.missing())).append(number(t.exceeded())).append("<td>").append(sites).append("</td></tr>\n");
        }
        h.append("</table>\n");
        deadlinesOverTime(h, tally.first(), tally.last(), targets);
    }

    /** All targets' summary counts, in equal slices of the recording's time. */
    private static void deadlinesOverTime(StringBuilder h, Instant first, Instant last, List<Tally.Target> targets) {
        long span = Math.max(1, Duration.between(first, last).toMillis());
        int bins = (int) Math.min(TIME_BINS, Math.max(1, span / 1000));
        long[] injected = new long[bins];
        long[] missing = new long[bins];
        long[] exceeded = new long[bins];
        for (Tally.Target t : targets) {
            for (Tally.DeadlineCounts c : t.intervals()) {
                int bin = (int) Math.min(bins - 1, Math.max(0, Duration.between(first, c.end()).toMillis() * bins / span));
                injected[bin] += c.injected();
                missing[bin] += c.missing();
                exceeded[bin] += c.exceeded();
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(TextReport.TIME.format(first.plusMillis(span * i / bins)).substring(0, 8));
        }
        h.append(Svg.barChart("Deadline events over time, all targets (counts of the summaries ending in each slice)", labels, List.of(
                new Svg.Stack("injected", "#1b9e77", injected),
                new Svg.Stack("missing", "#7570b3", missing),
                new Svg.Stack("exceeded", "#d95f02", exceeded)), Math.max(1, bins / 6))).append('\n');
    }

    private static void deaths(StringBuilder h, Tally tally) {
        h.append("<h2 id=\"deaths\">Periodic tasks that died (").append(tally.deathCount()).append(")</h2>\n");
        if (tally.deaths().isEmpty()) {
            return;
        }
        h.append("<table class=\"deaths\"><tr><th>time</th><th>kind</th><th>scheduler</th><th>task</th><th>exception</th>"
                + "<th>message</th></tr>\n");
        for (Tally.Death d : tally.deaths()) {
            h.append("<tr>").append(cell(TextReport.TIME.format(d.time()))).append(cell(d.timerKind())).append(cell(d.scheduler()))
                    .append(cell(d.task())).append(cell(d.exception())).append(cell(d.message())).append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void clockSteps(StringBuilder h, Tally tally) {
        h.append("<h2 id=\"clock-steps\">Clock steps (").append(tally.clockStepCount()).append(")</h2>\n");
        if (tally.clockSteps().isEmpty()) {
            return;
        }
        h.append("<table class=\"clock-steps\"><tr><th>time</th><th>step (ms)</th><th>wall clock before</th><th>wall clock after</th></tr>\n");
        for (Tally.ClockStep c : tally.clockSteps()) {
            h.append("<tr>").append(cell(TextReport.TIME.format(c.time()))).append(number(TextReport.signedMs(c.step())))
                    .append(cell(TextReport.DATE_TIME.format(c.wallBefore()))).append(cell(TextReport.DATE_TIME.format(c.wallAfter())))
                    .append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String cell(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    private static String number(Object value) {
        return "<td class=\"n\">" + escape(String.valueOf(value)) + "</td>";
    }
}
