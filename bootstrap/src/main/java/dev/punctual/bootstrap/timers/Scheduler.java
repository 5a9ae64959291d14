package dev.punctual.bootstrap.timers;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/** One scheduler that ran tasks: its name, its kind and the recorders its threads write lags into. */
public final class Scheduler {
    final String kind;
    final String name;
    /** Null for the overflow scheduler that stands for every scheduler past the cap. */
    final WeakReference<Object> owner;
    /** Guarded by {@link Schedulers}' lock. */
    final List<LagRecorder> recorders = new ArrayList<>();
    /** Shared by the threads that come after the per-scheduler recorder cap; guarded likewise. */
    LagRecorder shared;
    /**
     * What its recorders gave since the previous summary, guarded likewise: the metrics drain the
     * recorders too, between summaries.
     */
    LagSnapshot pending;

    Scheduler(String kind, String name, Object owner) {
        this.kind = kind;
        this.name = name;
        this.owner = owner == null ? null : new WeakReference<>(owner);
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    boolean ownerGone() {
        return owner != null && owner.get() == null;
    }
}
