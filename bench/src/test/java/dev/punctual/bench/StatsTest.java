package dev.punctual.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {
    /** Six round-by-round differences of a CPU share, in points; the interval as a statistics package gives it. */
    private static final List<Double> DELTAS = List.of(-1.74, -0.50, -5.60, 0.86, -1.87, 1.84);

    @Test
    void confidenceIntervalOfTheMeanUsesStudentsT() {
        assertEquals(-1.16833, Stats.mean(DELTAS), 1e-5);
        assertEquals(2.73984, Stats.confidence95(DELTAS), 1e-4);
    }

    @Test
    void moreRoundsNarrowTheInterval() {
        assertTrue(Stats.confidence95(List.of(1.0, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0, 3.0))
                < Stats.confidence95(List.of(1.0, 3.0, 1.0, 3.0)));
        assertTrue(Double.isNaN(Stats.confidence95(List.of(2.0))));
    }
}
