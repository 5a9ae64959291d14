package dev.punctual.bench;

/**
 * How long and how often to measure. The smoke run only proves that every benchmark runs and gives a
 * number; the full run is what the performance figures come from.
 */
public record Plan(boolean smoke, int rounds, int warmupIterations, int measurementIterations, int iterationMillis,
            int processRounds, int volumeSeconds, int accuracySeconds) {

    public static Plan smokeRun() {
        return new Plan(true, 1, 1, 1, 300, 1, 3, 3);
    }

    public static Plan fullRun(int rounds) {
        return new Plan(false, rounds, 3, 5, 1000, Math.max(rounds * 2, 5), 30, 20);
    }
}
