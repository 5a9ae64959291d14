package dev.punctual.bootstrap;

/**
 * Which build of the agent defined these classes in the boot loader. They cannot be removed, so a
 * later attach reads these to reuse the classes when they are its own, and refuses when they are
 * another build's.
 */
public final class BootstrapInfo {
    /** A fingerprint of the bootstrap jar; set once by the agent that defined these classes. */
    public static volatile String digest;
    /** The version of that agent, for messages. */
    public static volatile String version;

    private BootstrapInfo() {
    }
}
