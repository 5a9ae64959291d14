package dev.punctual.agent.instrumentation;

import java.io.IOException;
import java.util.Optional;

/** What {@link HookWeaverTest} weaves: a top-level class, so that its copy in another loader stands alone. */
public class WeavingTarget {
    private final String name;

    public WeavingTarget() {
        this(Optional.<String>empty());
    }

    /** Reads the Optional's value in a constructor, as HttpRequestImpl's reads a request's timeout. */
    public WeavingTarget(Optional<String> name) {
        this.name = name.isPresent() ? name.get().trim() : "nobody";
    }

    public Optional<String> nickname() {
        return Optional.empty();
    }

    public String greet() {
        return "hi " + nickname().orElse(name);
    }

    public String plain() {
        return "plain";
    }

    /** Static and synchronized, as ManagementFactory.getPlatformMBeanServer() is. */
    public static synchronized String shared() {
        return "shared";
    }

    public String fails() throws IOException {
        throw new IOException("timed out");
    }
}
