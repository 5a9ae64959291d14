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

    static void start(String args, Instrumentation inst, boolean attached) throws Exception {
        Config config = Config.load(args, systemProperties(), System.getenv(), WARN);
        if (config.get(Settings.MODE) == Mode.OFF) {
            return;
        }
        String refusal = BootstrapClasses.defineOnce(inst, version());
        if (refusal != null) {
            warn(refusal);
            return;
        }
        Installer.install(config, inst, attached);
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
