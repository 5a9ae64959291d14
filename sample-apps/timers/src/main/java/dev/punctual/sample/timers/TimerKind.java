package dev.punctual.sample.timers;

import java.util.ArrayList;
import java.util.List;

/** One kind of timer the app runs a tick on. */
interface TimerKind {
    /** As in --kinds. */
    String name();

    /** The scheduler's name as Punctual reports it, for the printout. */
    String scheduler();

    default boolean availableOnThisJvm() {
        return true;
    }

    /**
     * Starts a tick every {@code period}, recording into {@code lags}, and, when {@code stall} is not 0, a
     * task that holds the tick's scheduler thread for {@code stall} every {@code stallEvery}.
     */
    void start(Lags lags, long period, long stall, long stallEvery) throws Exception;

    /** Stops the tick; afterwards every due time it will ever have is in its Lags. */
    void stop() throws Exception;

    static List<TimerKind> all() {
        return List.of(new ExecutorKind(), new DelayedKind(), new UtilTimerKind(), new WheelKind(), new LoopKind(),
                new VirtualKind());
    }

    static List<TimerKind> available() {
        List<TimerKind> kinds = new ArrayList<>();
        for (TimerKind k : all()) {
            if (k.availableOnThisJvm()) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    static TimerKind named(String name) {
        for (TimerKind k : all()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
