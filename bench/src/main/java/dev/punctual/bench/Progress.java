package dev.punctual.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** One line on stderr per step, so that a long run shows where it is. */
public final class Progress {
    private Progress() {
    }

    public static void say(String what) {
        System.err.println("bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + what);
    }
}
