package dev.punctual.bootstrap.jfr;

import jdk.jfr.FlightRecorder;

/** Whether this JVM has JFR at all (a jlinked runtime may not): without it, events are skipped silently. */
public final class Jfr {
    public static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    private static volatile boolean started;

    private Jfr() {
    }

    /**
     * Whether JFR has started in this JVM: until it has, no event can be enabled, so none is built. The
     * first event object built in a JVM loads and initializes JFR's Java side (a hundred classes, tens
     * of milliseconds), which every event site would otherwise make the application pay for nothing.
     * Once true, true for good, and then one volatile read.
     */
    public static boolean started() {
        if (started) {
            return true;
        }
        if (!PRESENT || !FlightRecorder.isInitialized()) {
            return false;
        }
        started = true;
        return true;
    }
}
