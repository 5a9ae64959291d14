package dev.punctual.bootstrap.clock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison of two samples of both clocks, on made-up readings. */
class ClockStepsTest {
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    static final long THRESHOLD = 100 * MS;
    /** A wall clock reading (ms since the epoch) and a monotonic one (an arbitrary origin, here negative). */
    static final long WALL = 1_767_225_600_000L;
    static final long MONO = -42 * S;

    @Test
    void forwardStep() {
        // One second passed and the wall clock moved an hour and a second.
        long drift = ClockSteps.drift(WALL, MONO, WALL + 1_000 + 3_600_000, MONO + S);
        assertEquals(3_600 * S, drift);
        assertTrue(ClockSteps.isStep(drift, THRESHOLD));
    }

    @Test
    void backwardStep() {
        // One second passed and the wall clock went back 30 minutes less that second.
        long drift = ClockSteps.drift(WALL, MONO, WALL + 1_000 - 1_800_000, MONO + S);
        assertEquals(-1_800 * S, drift);
        assertTrue(ClockSteps.isStep(drift, THRESHOLD));
    }

    @Test
    void aPauseMovesBothClocksTogetherAndIsNoStep() {
        // A 2 s GC pause or a stopped JVM inside a 1 s period: 3 s pass on both clocks.
        long drift = ClockSteps.drift(WALL, MONO, WALL + 3_000, MONO + 3 * S);
        assertEquals(0, drift);
        assertFalse(ClockSteps.isStep(drift, THRESHOLD));
    }

    @Test
    void aLateSampleIsNoStep() {
        // The watcher woke up 7.3 s late: what counts is the difference of the deltas, not the period.
        long drift = ClockSteps.drift(WALL, MONO, WALL + 8_300, MONO + 8_300 * MS + 400_000);
        assertEquals(-400_000, drift);
        assertFalse(ClockSteps.isStep(drift, THRESHOLD));
    }

    @Test
    void jitterBelowTheThresholdIsNoStep() {
        // Millisecond resolution of the wall clock, a sandwich of reads, NTP slewing: a few ms either way.
        assertFalse(ClockSteps.isStep(ClockSteps.drift(WALL, MONO, WALL + 1_001, MONO + S - 700_000), THRESHOLD));
        assertFalse(ClockSteps.isStep(ClockSteps.drift(WALL, MONO, WALL + 997, MONO + S + 999_999), THRESHOLD));
        assertFalse(ClockSteps.isStep(ClockSteps.drift(WALL, MONO, WALL + 1_099, MONO + S), THRESHOLD));
        assertFalse(ClockSteps.isStep(ClockSteps.drift(WALL, MONO, WALL + 1_100, MONO + S), THRESHOLD), "exactly the threshold is not more than it");
        assertTrue(ClockSteps.isStep(ClockSteps.drift(WALL, MONO, WALL + 1_101, MONO + S), THRESHOLD));
        assertTrue(ClockSteps.isStep(ClockSteps.drift(WALL, MONO, WALL + 899, MONO + S), THRESHOLD));
    }

    @Test
    void theMonotonicClockMayWrapAround() {
        // nanoTime's origin is arbitrary: only differences mean anything, even across Long.MAX_VALUE.
        long before = Long.MAX_VALUE - S / 2;
        long drift = ClockSteps.drift(WALL, before, WALL + 1_000, before + S);
        assertEquals(0, drift);
    }

    @Test
    void stepsOfCenturiesSaturateInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, ClockSteps.drift(0, 0, Long.MAX_VALUE, S));
        assertEquals(Long.MIN_VALUE, ClockSteps.drift(Long.MAX_VALUE, 0, 0, S));
        assertEquals(Long.MIN_VALUE, ClockSteps.drift(WALL, 0, WALL - 9_000_000_000_000L, Long.MAX_VALUE));
        assertTrue(ClockSteps.isStep(Long.MIN_VALUE, THRESHOLD));
        assertTrue(ClockSteps.isStep(Long.MAX_VALUE, THRESHOLD));
    }

    @Test
    void stepsAreReportedInWholeMilliseconds() {
        assertEquals(3_600_000, ClockSteps.roundToMillis(3_600 * S + 499_999));
        assertEquals(3_600_001, ClockSteps.roundToMillis(3_600 * S + 500_000));
        assertEquals(-1_800_000, ClockSteps.roundToMillis(-1_800 * S - 499_999));
        assertEquals(-1_800_001, ClockSteps.roundToMillis(-1_800 * S - 500_000));
        assertEquals(0, ClockSteps.roundToMillis(0));
    }
}
