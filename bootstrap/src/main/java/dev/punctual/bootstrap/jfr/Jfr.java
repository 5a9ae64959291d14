package dev.punctual.bootstrap.jfr;

/** Whether this JVM has JFR at all (a jlinked runtime may not): without it, events are skipped silently. */
public final class Jfr {
    public static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private Jfr() {
    }
}
