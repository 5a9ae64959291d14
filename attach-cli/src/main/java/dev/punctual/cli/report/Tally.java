package dev.punctual.cli.report;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Punctual's events added up: what {@code report} prints for a file and {@code top} draws live. It takes
 * {@link RecordedEvent}s one at a time, so a recording file and a live stream feed it alike; other events
 * are ignored. Not thread-safe: a live caller locks it.
 */
public final class Tally {
    public static final String TIMER_LAG = "punctual.TimerLag";
    public static final String TIMER_LAG_SUMMARY = "punctual.TimerLagSummary";
    public static final String PERIODIC_TASK_DIED = "punctual.PeriodicTaskDied";
    public static final String CLOCK_STEP = "punctual.ClockStep";
    public static final String DEADLINE_INJECTED = "punctual.DeadlineInjected";
    public static final String DEADLINE_MISSING = "punctual.DeadlineMissing";
    public static final String DEADLINE_EXCEEDED = "punctual.DeadlineExceeded";
    public static final String DEADLINE_SUMMARY = "punctual.DeadlineSummary";
    public static final List<String> EVENTS = List.of(TIMER_LAG, TIMER_LAG_SUMMARY, PERIODIC_TASK_DIED, CLOCK_STEP,
            DEADLINE_INJECTED, DEADLINE_MISSING, DEADLINE_EXCEEDED, DEADLINE_SUMMARY);

    /** Worst moments kept per scheduler. */
    public static final int WORST_MOMENTS = 5;
    /** Call sites kept per target, the most frequent first. */
    public static final int TOP_SITES = 3;

    // A call site is the first frame outside these: the JDK, the agent, and the client libraries whose
    // calls Punctual hooks (gRPC, Netty, and their shaded copies under io.grpc).
    private static final String[] INFRASTRUCTURE = {"java.", "javax.", "jdk.", "sun.", "com.sun.",
            "dev.punctual.bootstrap.", "dev.punctual.agent.", "dev.punctual.shaded.", "io.grpc.", "io.netty."};

    private final int keepIntervals;
    private final int keepRecent;
    private final Map<List<String>, Scheduler> schedulers = new LinkedHashMap<>();
    private final Map<List<String>, Target> targets = new LinkedHashMap<>();
    private final Deque<Death> deaths = new ArrayDeque<>();
    private final Deque<ClockStep> clockSteps = new ArrayDeque<>();
    private long deathCount;
    private long clockStepCount;
    private Instant first;
    private Instant last;

    /**
     * @param keepIntervals summary intervals kept per scheduler and target, the latest (a file keeps all)
     * @param keepRecent    deaths and clock steps kept, the latest
     */
    public Tally(int keepIntervals, int keepRecent) {
        this.keepIntervals = keepIntervals;
        this.keepRecent = keepRecent;
    }

    /** Everything kept: for a whole recording. */
    public static Tally unbounded() {
        return new Tally(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    public void accept(RecordedEvent e) {
        String type = e.getEventType().getName();
        if (!type.startsWith("punctual.")) {
            return;
        }
        Instant start = e.getStartTime();
        if (first == null || start.isBefore(first)) {
            first = start;
        }
        if (last == null || e.getEndTime().isAfter(last)) {
            last = e.getEndTime();
        }
        switch (type) {
            case TIMER_LAG_SUMMARY:
                scheduler(e).addSummary(new Interval(e.getEndTime(), e.getLong("count"), nanos(e, "lagP50"),
                        nanos(e, "lagP99"), nanos(e, "lagP999"), nanos(e, "lagMax")), keepIntervals);
                break;
            case TIMER_LAG:
                scheduler(e).addLag(new Moment(start, nanos(e, "lag"), e.getString("task")));
                break;
            case PERIODIC_TASK_DIED:
                deathCount++;
                keepLatest(deaths, new Death(start, e.getString("timerKind"), e.getString("scheduler"), e.getString("task"),
                        e.getString("exception"), e.getString("message")));
                break;
            case CLOCK_STEP:
                clockStepCount++;
                keepLatest(clockSteps, new ClockStep(e.getEndTime(), e.getDuration("step"), e.getInstant("wallBefore"),
                        e.getInstant("wallAfter")));
                break;
            case DEADLINE_SUMMARY:
                target(e).addSummary(new DeadlineCounts(e.getEndTime(), e.getLong("injected"), e.getLong("missing"),
                        e.getLong("exceeded")), keepIntervals);
                break;
            case DEADLINE_INJECTED:
            case DEADLINE_MISSING:
            case DEADLINE_EXCEEDED:
                target(e).addCall(type, callSite(e.getStackTrace()));
                break;
            default:
                break;
        }
    }

    private <T> void keepLatest(Deque<T> kept, T item) {
        kept.addLast(item);
        if (kept.size() > keepRecent) {
            kept.removeFirst();
        }
    }

    private Scheduler scheduler(RecordedEvent e) {
        String kind = text(e, "timerKind");
        String name = text(e, "scheduler");
        return schedulers.computeIfAbsent(List.of(kind, name), k -> new Scheduler(kind, name));
    }

    private Target target(RecordedEvent e) {
        String client = text(e, "client");
        String target = text(e, "target");
        return targets.computeIfAbsent(List.of(client, target), k -> new Target(client, target));
    }

    private static String text(RecordedEvent e, String field) {
        String s = e.getString(field);
        return s == null ? "" : s;
    }

    private static long nanos(RecordedEvent e, String field) {
        return e.getDuration(field).toNanos();
    }

    /** The first frame outside the JDK, the agent and the RPC libraries: class.method:line. */
    static String callSite(RecordedStackTrace stack) {
        if (stack == null) {
            return "(no stack trace)";
        }
        for (RecordedFrame f : stack.getFrames()) {
            if (!f.isJavaFrame() || f.getMethod() == null) {
                continue;
            }
            String type = f.getMethod().getType().getName();
            if (!isInfrastructure(type)) {
                return type + "." + f.getMethod().getName() + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
            }
        }
        return stack.isTruncated() ? "(beyond the recorded stack depth)" : "(no application frame: the client's own thread)";
    }

    private static boolean isInfrastructure(String type) {
        for (String p : INFRASTRUCTURE) {
            if (type.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Schedulers, the worst P99 first. */
    public List<Scheduler> schedulers() {
        List<Scheduler> list = new ArrayList<>(schedulers.values());
        list.sort(Comparator.comparingLong(Scheduler::worstP99).reversed().thenComparing(Scheduler::name));
        return list;
    }

    /** Targets, the most calls in trouble (exceeded, then without a deadline) first. */
    public List<Target> targets() {
        List<Target> list = new ArrayList<>(targets.values());
        list.sort(Comparator.comparingLong(Target::exceeded).thenComparingLong(t -> t.injected + t.missing).reversed()
                .thenComparing(Target::target));
        return list;
    }

    public List<Death> deaths() {
        return List.copyOf(deaths);
    }

    public long deathCount() {
        return deathCount;
    }

    public List<ClockStep> clockSteps() {
        return List.copyOf(clockSteps);
    }

    public long clockStepCount() {
        return clockStepCount;
    }

    /** The first Punctual event's start, or null when there was none. */
    public Instant first() {
        return first;
    }

    public Instant last() {
        return last;
    }

    /** One summary interval of a scheduler, as its punctual.TimerLagSummary said. */
    public record Interval(Instant end, long count, long p50, long p99, long p999, long max) {
    }

    /** One execution recorded as punctual.TimerLag. */
    public record Moment(Instant start, long lag, String task) {
    }

    public record Death(Instant time, String timerKind, String scheduler, String task, String exception, String message) {
    }

    public record ClockStep(Instant time, Duration step, Instant wallBefore, Instant wallAfter) {
    }

    /** One punctual.DeadlineSummary: the calls of one target since the previous one. */
    public record DeadlineCounts(Instant end, long injected, long missing, long exceeded) {
    }

    /** The per-call events of one call site of one target. */
    public static final class Site {
        private final String site;
        long injected;
        long missing;
        long exceeded;

        Site(String site) {
            this.site = site;
        }

        public String site() {
            return site;
        }

        public long injected() {
            return injected;
        }

        public long missing() {
            return missing;
        }

        public long exceeded() {
            return exceeded;
        }

        long total() {
            return injected + missing + exceeded;
        }
    }

    public static final class Scheduler {
        private final String kind;
        private final String name;
        private final Deque<Interval> intervals = new ArrayDeque<>();
        private final PriorityQueue<Moment> worst = new PriorityQueue<>(Comparator.comparingLong(Moment::lag));
        private final LagHistogram lagEvents = new LagHistogram();
        private long executions;
        private long summaries;
        private long max;
        private long worstP50;
        private long worstP99;
        private long worstP999;

        Scheduler(String kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        void addSummary(Interval i, int keep) {
            summaries++;
            executions += i.count;
            max = Math.max(max, i.max);
            worstP50 = Math.max(worstP50, i.p50);
            worstP99 = Math.max(worstP99, i.p99);
            worstP999 = Math.max(worstP999, i.p999);
            intervals.addLast(i);
            if (intervals.size() > keep) {
                intervals.removeFirst();
            }
        }

        void addLag(Moment m) {
            lagEvents.add(m.lag);
            worst.add(m);
            if (worst.size() > WORST_MOMENTS) {
                worst.poll();
            }
        }

        public String kind() {
            return kind;
        }

        public String name() {
            return name;
        }

        /** Executions: the sum of the summaries' counts. */
        public long executions() {
            return executions;
        }

        public long summaries() {
            return summaries;
        }

        /** The largest lag: the largest of the summaries' maxima. */
        public long max() {
            return max;
        }

        /** The largest of the summaries' P50s; likewise P99 and P99.9. */
        public long worstP50() {
            return worstP50;
        }

        public long worstP99() {
            return worstP99;
        }

        public long worstP999() {
            return worstP999;
        }

        /** The latest summary interval, or null before the first. */
        public Interval latest() {
            return intervals.peekLast();
        }

        /** Summary intervals, in the order they came. */
        public List<Interval> intervals() {
            return List.copyOf(intervals);
        }

        /** The punctual.TimerLag events of the largest lag, largest first. */
        public List<Moment> worstMoments() {
            List<Moment> list = new ArrayList<>(worst);
            list.sort(Comparator.comparingLong(Moment::lag).reversed().thenComparing(Moment::start));
            return list;
        }

        /** The lags of its punctual.TimerLag events. */
        public LagHistogram lagEvents() {
            return lagEvents;
        }
    }

    public static final class Target {
        private final String client;
        private final String target;
        private final Deque<DeadlineCounts> intervals = new ArrayDeque<>();
        private final Map<String, Site> sites = new LinkedHashMap<>();
        private long injected;
        private long missing;
        private long exceeded;

        Target(String client, String target) {
            this.client = client;
            this.target = target;
        }

        void addSummary(DeadlineCounts c, int keep) {
            injected += c.injected;
            missing += c.missing;
            exceeded += c.exceeded;
            intervals.addLast(c);
            if (intervals.size() > keep) {
                intervals.removeFirst();
            }
        }

        void addCall(String type, String site) {
            Site s = sites.computeIfAbsent(site, Site::new);
            switch (type) {
                case DEADLINE_INJECTED:
                    s.injected++;
                    break;
                case DEADLINE_MISSING:
                    s.missing++;
                    break;
                default:
                    s.exceeded++;
                    break;
            }
        }

        public String client() {
            return client;
        }

        public String target() {
            return target;
        }

        /** Sums of the punctual.DeadlineSummary counts. */
        public long injected() {
            return injected;
        }

        public long missing() {
            return missing;
        }

        public long exceeded() {
            return exceeded;
        }

        public List<DeadlineCounts> intervals() {
            return List.copyOf(intervals);
        }

        /** The call sites with the most per-call events, at most {@link #TOP_SITES}. */
        public List<Site> topSites() {
            List<Site> list = new ArrayList<>(sites.values());
            list.sort(Comparator.comparingLong(Site::total).reversed().thenComparing(Site::site));
            return list.subList(0, Math.min(TOP_SITES, list.size()));
        }
    }
}
