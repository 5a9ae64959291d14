package dev.punctual.bootstrap;

/**
 * Which build of the agent appended this jar to the boot class path. The boot class path cannot be
 * undone, so a later attach reads these to reuse the classes when they are its own, and refuses when
 * they are another build's.
 */
public final class BootstrapInfo {
    /** SHA-256 of the bootstrap jar; set once by the agent that appended it. */
    public static volatile String digest;
    /** The agent version that appended it, for messages. */
    public static volatile String version;

    private BootstrapInfo() {
    }
}
