package dev.punctual.bootstrap.clock;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.jfr.ClockStepEvent;
import dev.punctual.bootstrap.jfr.Jfr;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the wall clock for steps: an operator or NTP setting the time, a VM restored on another host.
 * About once a second one daemon thread reads {@code System.currentTimeMillis()} and
 * {@code System.nanoTime()}; between two samples both clocks should move by the same amount, whatever
 * happened in between (a GC pause, a stopped JVM, a late wake-up of this thread). When the wall clock
 * moved by more than the monotonic clock plus the threshold, or by less than it minus the threshold,
 * that difference is a step: a punctual.ClockStep event, and one more in {@link #count()}.
 *
 * <p>Each sample reads the monotonic clock on both sides of the wall clock reading and is used only
 * when the two monotonic readings are close: a pause that lands between the two clocks' reads (a
 * safepoint, preemption) is then retried rather than mistaken for a step. What remains is the wall
 * clock's millisecond resolution and half the sandwich on each side, less than
 * {@link #MIN_THRESHOLD_NANOS} in all; thresholds below it are raised to it.
 *
 * <p>Linux's monotonic clock stops while the machine is suspended (sleep, hibernate) and the wall clock
 * does not, so a suspended machine reads as a forward step: to this JVM's java.util.Timer it is one.
 *
 * <p>A plain thread, not an executor (the agent would measure its own work), and anonymous classes,
 * not lambdas (the first lambda in a JVM costs milliseconds of start-up).
 */
public final class ClockSteps {
    private static final FaultSite CLOCK_FAULT = new FaultSite("clock");

    /** How often the clocks are compared. */
    static final long PERIOD_NANOS = 1_000_000_000L;
    /** The largest monotonic interval around a wall clock read for the sample to count. */
    static final long MAX_SANDWICH_NANOS = 1_000_000L;
    /** Reads per sample before giving up on it until the next period. */
    static final int TRIES = 5;
    /** Below this, the sampling's own imprecision (up to 2 ms) could read as a step. */
    static final long MIN_THRESHOLD_NANOS = 5_000_000L;

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final AtomicLong STEPS = new AtomicLong();
    private static volatile Thread watcher;

    private ClockSteps() {
    }

    /**
     * (Re)starts the watcher with this threshold; a threshold of 0 or less stops it. The step count
     * carries on across restarts.
     */
    public static synchronized void start(long thresholdNanos) {
        Thread old = watcher;
        watcher = null;
        if (old != null) {
            old.interrupt();
        }
        if (thresholdNanos <= 0) {
            return;
        }
        long threshold = Math.max(thresholdNanos, MIN_THRESHOLD_NANOS);
        Thread t = new Thread("punctual-clock-watch") {
            @Override
            public void run() {
                try {
                    watch(threshold);
                } catch (Throwable e) {
                    CLOCK_FAULT.caught(e);
                }
            }
        };
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    /** Wall clock steps seen since the agent started. */
    public static long count() {
        return STEPS.get();
    }

    /**
     * Δwall − Δmono between two samples, in nanoseconds: how far the wall clock moved beyond the time
     * that really passed. Positive for a step forward, negative for a step backward; saturates rather
     * than overflows for steps of centuries.
     */
    static long drift(long wallBeforeMillis, long monoBeforeNanos, long wallAfterMillis, long monoAfterNanos) {
        long wallMillis = wallAfterMillis - wallBeforeMillis;
        long monoNanos = monoAfterNanos - monoBeforeNanos;
        if (wallMillis > Long.MAX_VALUE / NANOS_PER_MILLI) {
            return Long.MAX_VALUE;
        }
        if (wallMillis < Long.MIN_VALUE / NANOS_PER_MILLI) {
            return Long.MIN_VALUE;
        }
        long wallNanos = wallMillis * NANOS_PER_MILLI;
        long drift = wallNanos - monoNanos;
        if (((wallNanos ^ monoNanos) & (wallNanos ^ drift)) < 0) {
            return wallNanos < 0 ? Long.MIN_VALUE : Long.MAX_VALUE; // overflowed: saturate
        }
        return drift;
    }

    /** Nanoseconds to the nearest millisecond, halves away from zero. */
    static long roundToMillis(long nanos) {
        long millis = nanos / NANOS_PER_MILLI;
        long rest = nanos % NANOS_PER_MILLI;
        if (rest >= NANOS_PER_MILLI / 2) {
            millis++;
        } else if (rest <= -NANOS_PER_MILLI / 2) {
            millis--;
        }
        return millis;
    }

    /** Whether a drift is a step: more than the threshold, either way. */
    static boolean isStep(long driftNanos, long thresholdNanos) {
        return driftNanos > thresholdNanos || driftNanos < -thresholdNanos;
    }

    private static void watch(long thresholdNanos) {
        Thread self = Thread.currentThread();
        boolean have = false;
        long wallBefore = 0;
        long monoBefore = 0;
        ClockStepEvent window = null;
        while (watcher == self) {
            try {
                // One sample: the monotonic clock read on both sides of the wall clock.
                for (int i = 0; i < TRIES; i++) {
                    long m1 = System.nanoTime();
                    long wall = System.currentTimeMillis();
                    long m2 = System.nanoTime();
                    if (m2 - m1 > MAX_SANDWICH_NANOS) {
                        continue; // paused between the reads: this pair says nothing
                    }
                    long mono = m1 + (m2 - m1) / 2;
                    boolean step = false;
                    long drift = 0;
                    long previousWall = wallBefore;
                    ClockStepEvent previousWindow = window;
                    if (have) {
                        drift = drift(wallBefore, monoBefore, wall, mono);
                        step = isStep(drift, thresholdNanos);
                    }
                    // The new baseline first: a fault while reporting must not report the same step again.
                    have = true;
                    wallBefore = wall;
                    monoBefore = mono;
                    window = null;
                    if (step) {
                        STEPS.incrementAndGet();
                        if (Jfr.started()) {
                            emit(previousWindow, drift, previousWall, wall);
                        }
                    }
                    if (Jfr.started()) {
                        window = begin();
                    }
                    break;
                }
            } catch (Throwable t) {
                CLOCK_FAULT.caught(t);
            }
            LockSupport.parkNanos(PERIOD_NANOS);
            Thread.interrupted(); // a stray interrupt must not turn the park into a spin; stopping is by the field
        }
    }

    /** A ClockStepEvent that starts at this sample, to be committed at the next one if the clock stepped. */
    private static ClockStepEvent begin() {
        ClockStepEvent e = new ClockStepEvent();
        e.begin();
        return e;
    }

    private static void emit(ClockStepEvent window, long driftNanos, long wallBefore, long wallAfter) {
        ClockStepEvent e = window != null ? window : new ClockStepEvent();
        e.end();
        if (!e.shouldCommit()) {
            return;
        }
        e.step = roundToMillis(driftNanos);
        e.wallBefore = wallBefore;
        e.wallAfter = wallAfter;
        e.commit();
    }
}
