package dev.punctual.bootstrap.timers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each scheduler's lags since the metrics started, for exporters that report cumulative histograms.
 * Kept by kind and name rather than per scheduler object, so that a series never goes down when a
 * scheduler is collected, and carries on when a pool of the same name is made anew. At most
 * {@link #MAX_SCHEDULERS} names are kept apart, first come first kept; the lags of any later scheduler
 * go to the name {@link #OTHER} of its kind. Guarded by {@link Schedulers}' lock; off (and empty)
 * until {@link #keep()}.
 */
public final class LagTotals {
    public static final int MAX_SCHEDULERS = 64;
    public static final String OTHER = "other";

    private static volatile boolean kept;
    private static final Map<String, LagTotals> SERIES = new LinkedHashMap<>();
    private static final Map<String, LagTotals> OVERFLOW = new HashMap<>();

    private final String kind;
    private final String scheduler;
    private final LagSnapshot lags = new LagSnapshot();

    private LagTotals(String kind, String scheduler) {
        this.kind = kind;
        this.scheduler = scheduler;
    }

    /** From now on, drains add every scheduler's lags to its series. */
    public static void keep() {
        kept = true;
    }

    /** Forgets every series and stops keeping them (on detach); guarded by Schedulers' lock. */
    static void clear() {
        kept = false;
        SERIES.clear();
        OVERFLOW.clear();
    }

    /** The series this scheduler's lags go to, or null while totals are not kept. */
    static LagSnapshot of(Scheduler s) {
        if (!kept) {
            return null;
        }
        String key = s.kind + '\u0000' + s.name;
        LagTotals t = SERIES.get(key);
        if (t == null) {
            if (SERIES.size() < MAX_SCHEDULERS && !s.name.equals(OTHER)) {
                t = new LagTotals(s.kind, s.name);
                SERIES.put(key, t);
            } else {
                t = OVERFLOW.get(s.kind);
                if (t == null) {
                    t = new LagTotals(s.kind, OTHER);
                    OVERFLOW.put(s.kind, t);
                }
            }
        }
        return t.lags;
    }

    static List<Series> read(long[] bounds) {
        List<Series> out = new ArrayList<>(SERIES.size() + OVERFLOW.size());
        for (LagTotals t : SERIES.values()) {
            out.add(t.view(bounds));
        }
        for (LagTotals t : OVERFLOW.values()) {
            out.add(t.view(bounds));
        }
        return out;
    }

    private Series view(long[] bounds) {
        lags.seal();
        return new Series(kind, scheduler, lags.bucketCounts(bounds), lags.count(), lags.sum(), lags.max());
    }

    /** One series as read: counts in explicit buckets (see {@link LagSnapshot#bucketCounts}). */
    public static final class Series {
        public final String kind;
        public final String scheduler;
        public final long[] bucketCounts;
        public final long count;
        public final long sumNanos;
        public final long maxNanos;

        Series(String kind, String scheduler, long[] bucketCounts, long count, long sumNanos, long maxNanos) {
            this.kind = kind;
            this.scheduler = scheduler;
            this.bucketCounts = bucketCounts;
            this.count = count;
            this.sumNanos = sumNanos;
            this.maxNanos = maxNanos;
        }
    }
}
