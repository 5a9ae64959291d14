package dev.punctual.cli.report;

import dev.punctual.cli.Format;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts, as inline SVG: drawn here, so that the page needs no script, no library and no
 * network. Every text that reaches a chart goes through {@link HtmlReport#escape}.
 */
final class Svg {
    static final int WIDTH = 760;
    static final int HEIGHT = 240;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 44;
    private static final int BOTTOM = 40;
    private static final int MAX_MARKERS = 300;

    private Svg() {
    }

    /** One line of a time chart: its points' times and values (nanoseconds). */
    record Series(String name, String color, List<Instant> times, List<Long> values) {
    }

    /** One colour of a bar chart's stacks. */
    record Stack(String name, String color, long[] values) {
    }

    /** Lines over time on a logarithmic scale of durations: lags that span microseconds to seconds stay legible. */
    static String timeChart(String title, List<Series> series) {
        long minT = Long.MAX_VALUE;
        long maxT = Long.MIN_VALUE;
        long maxV = 1;
        long minV = Long.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.times.size(); i++) {
                long t = s.times.get(i).toEpochMilli();
                minT = Math.min(minT, t);
                maxT = Math.max(maxT, t);
                maxV = Math.max(maxV, s.values.get(i));
                if (s.values.get(i) > 0) {
                    minV = Math.min(minV, s.values.get(i));
                }
            }
        }
        if (minT == Long.MAX_VALUE) {
            return "";
        }
        if (maxT == minT) { // one point in time: give it a second of room either side
            minT -= 1000;
            maxT += 1000;
        }
        double lo = Math.floor(Math.log10(minV == Long.MAX_VALUE ? 1 : minV));
        double hi = Math.max(lo + 1, Math.ceil(Math.log10(maxV)));
        StringBuilder b = open(title);
        for (int p = (int) lo; p <= (int) hi; p++) {
            double y = yLog(Math.pow(10, p), lo, hi);
            gridLine(b, y, Format.nanos((long) Math.pow(10, p)));
        }
        timeAxis(b, minT, maxT);
        int legendX = LEFT;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            StringBuilder markers = new StringBuilder();
            for (int i = 0; i < s.times.size(); i++) {
                double x = x(s.times.get(i).toEpochMilli(), minT, maxT);
                double y = yLog(Math.max(s.values.get(i), Math.pow(10, lo)), lo, hi);
                points.append(num(x)).append(',').append(num(y)).append(' ');
                if (s.times.size() <= MAX_MARKERS) {
                    markers.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"2.5\" fill=\"")
                            .append(s.color).append("\"><title>").append(HtmlReport.escape(s.name + " " + Format.nanos(s.values.get(i))
                                    + " at " + TextReport.TIME.format(s.times.get(i)))).append("</title></circle>");
                }
            }
            b.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(s.color)
                    .append("\" points=\"").append(points.toString().strip()).append("\"/>").append(markers);
            legendX = legend(b, legendX, s.name, s.color);
        }
        return close(b);
    }

    /** Bars, stacked when there are several stacks, one per label. */
    static String barChart(String title, List<String> labels, List<Stack> stacks, int labelEvery) {
        long max = 1;
        for (int i = 0; i < labels.size(); i++) {
            long sum = 0;
            for (Stack s : stacks) {
                sum += s.values[i];
            }
            max = Math.max(max, sum);
        }
        StringBuilder b = open(title);
        long step = niceStep(max);
        for (long v = 0; v <= max; v += step) {
            gridLine(b, yLinear(v, max), Long.toString(v));
        }
        double slot = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            double x = LEFT + i * slot;
            long below = 0;
            for (Stack s : stacks) {
                long v = s.values[i];
                if (v > 0) {
                    double top = yLinear(below + v, max);
                    double bottom = yLinear(below, max);
                    b.append("<rect class=\"bar\" x=\"").append(num(x + slot * 0.1)).append("\" y=\"").append(num(top))
                            .append("\" width=\"").append(num(slot * 0.8)).append("\" height=\"").append(num(bottom - top))
                            .append("\" fill=\"").append(s.color).append("\"><title>")
                            .append(HtmlReport.escape(labels.get(i) + ": " + v + " " + s.name)).append("</title></rect>");
                }
                below += v;
            }
            if (i % labelEvery == 0) {
                text(b, x + slot / 2, HEIGHT - BOTTOM + 16, "middle", labels.get(i));
            }
        }
        int legendX = LEFT;
        for (Stack s : stacks) {
            legendX = legend(b, legendX, s.name, s.color);
        }
        return close(b);
    }

    private static StringBuilder open(String title) {
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\"><title>").append(HtmlReport.escape(title)).append("</title>");
        b.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" fill=\"#fff\"/>");
        b.append("<text x=\"8\" y=\"16\" font-weight=\"bold\" fill=\"#333\">").append(HtmlReport.escape(title)).append("</text>");
        return b;
    }

    private static String close(StringBuilder b) {
        return b.append("</svg>").toString();
    }

    private static void gridLine(StringBuilder b, double y, String label) {
        b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(num(y))
                .append("\" y2=\"").append(num(y)).append("\" stroke=\"#ddd\"/>");
        text(b, LEFT - 6, y + 4, "end", label);
    }

    private static void timeAxis(StringBuilder b, long minT, long maxT) {
        for (int i = 0; i <= 4; i++) {
            long t = minT + (maxT - minT) * i / 4;
            text(b, x(t, minT, maxT), HEIGHT - BOTTOM + 16, "middle", TextReport.TIME.format(Instant.ofEpochMilli(t)).substring(0, 8));
        }
        b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(HEIGHT - BOTTOM)
                .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" stroke=\"#888\"/>");
    }

    private static int legend(StringBuilder b, int x, String name, String color) {
        b.append("<rect x=\"").append(x).append("\" y=\"24\" width=\"10\" height=\"10\" fill=\"").append(color).append("\"/>");
        text(b, x + 14, 33, "start", name);
        return x + 24 + 7 * name.length();
    }

    private static void text(StringBuilder b, double x, double y, String anchor, String text) {
        b.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" fill=\"#333\">").append(HtmlReport.escape(text)).append("</text>");
    }

    private static double x(long t, long minT, long maxT) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (double) (t - minT) / (maxT - minT);
    }

    private static double yLog(double v, double lo, double hi) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (Math.log10(v) - lo) / (hi - lo);
    }

    private static double yLinear(long v, long max) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (double) v / max;
    }

    /** 1, 2 or 5 times a power of ten, giving at most five grid lines. */
    private static long niceStep(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (max / (step * m) <= 5) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
