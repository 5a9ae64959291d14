package dev.punctual.agent;

import dev.punctual.agent.config.Config;
import dev.punctual.agent.config.Mode;
import dev.punctual.agent.config.Settings;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the configuration, then puts the bootstrap classes on the boot class path, then installs.
 * In that order: with punctual.mode=off nothing at all is appended or transformed, and no class that
 * names a bootstrap class is loaded before the bootstrap jar is in place.
 */
final class Startup {
    private Startup() {
    }

    /**
     * The agent arguments in force: a later attach changes the keys it names and keeps the others, so
     * that {@code punctual attach PID http.timeout=2s} does not, say, put an observe-mode JVM in enforce.
     */
    private static String arguments = "";

    static synchronized void start(String args, Instrumentation inst, boolean attached) throws Exception {
        StartupTrace.mark("begin");
        String merged = args == null || args.isBlank() ? arguments : arguments.isEmpty() ? args : arguments + "," + args;
        Config config = Config.load(merged, systemProperties(), System.getenv(), WARN);
        StartupTrace.mark("configuration read");
        if (config.get(Settings.MODE) == Mode.OFF) {
            return;
        }
        String refusal = BootstrapClasses.defineOnce(inst, version());
        if (refusal != null) {
            warn(refusal);
            return;
        }
        StartupTrace.mark("bootstrap classes defined");
        arguments = merged;
        Installer.install(config, inst, attached);
        StartupTrace.mark("installed");
    }

    /** Undoes the agent; the next attach then starts from its own arguments alone. */
    static synchronized String detach() {
        arguments = "";
        return Installer.uninstall();
    }

    /** A class rather than a lambda: the first lambda in a JVM costs milliseconds of start-up. */
    private static final Consumer<String> WARN = new Consumer<>() {
        @Override
        public void accept(String message) {
            warn(message);
        }
    };

    static void warn(String message) {
        System.err.println("punctual: " + message);
    }

    static String version() {
        String v = Startup.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            if (e.getKey() instanceof String && e.getValue() instanceof String) {
                out.put((String) e.getKey(), (String) e.getValue());
            }
        }
        return out;
    }
}
