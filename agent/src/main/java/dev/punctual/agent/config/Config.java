package dev.punctual.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The settings in force, read once from every source by one parser. Precedence: agent arguments, then
 * system properties, then the environment, then the config file named by punctual.config, then the
 * defaults. A value that cannot be used is reported in one line and the setting keeps its default;
 * nothing here ever throws at the application.
 */
public final class Config {
    private static final String PREFIX = "punctual.";
    private static final String ENV_PREFIX = "PUNCTUAL_";
    /** System properties for diagnosing the agent itself (punctual.debug.startup): read where used, not settings. */
    private static final String DEBUG_PREFIX = "punctual.debug.";
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_KEYS_LISTED = 5;
    private static final int MAX_PORT_DIGITS = 5;
    private static final Consumer<String> IGNORE = new Consumer<>() {
        @Override
        public void accept(String message) {
        }
    };

    private final Map<Setting<?>, Object> values = new HashMap<>();
    private final Map<Setting<?>, Source> sources = new HashMap<>();
    private final Map<Setting<?>, Map<String, Object>> perTarget = new HashMap<>();

    private Config() {
    }

    /**
     * @param agentArgs the text after {@code =} in -javaagent, or the attach options: key=value,key=value
     * @param warnings receives each problem as one line of text, without the "punctual:" prefix; may be null
     */
    public static Config load(String agentArgs, Map<String, String> systemProperties, Map<String, String> environment,
                              Consumer<String> warnings) {
        if (warnings == null) {
            warnings = IGNORE;
        }
        Map<Source, Map<String, String>> raw = new EnumMap<>(Source.class);
        raw.put(Source.AGENT_ARGUMENTS, parseAgentArgs(agentArgs, warnings));
        raw.put(Source.SYSTEM_PROPERTY, systemProperties(systemProperties));
        raw.put(Source.ENVIRONMENT, environment(environment));

        String file = null;
        for (Source s : List.of(Source.AGENT_ARGUMENTS, Source.SYSTEM_PROPERTY, Source.ENVIRONMENT)) {
            String f = raw.get(s).get(Settings.CONFIG_FILE.key());
            if (f != null && file == null && !f.isBlank()) {
                file = f.strip();
            }
        }
        raw.put(Source.CONFIG_FILE, file == null ? Map.of() : readFile(file, warnings));

        for (Map.Entry<Source, Map<String, String>> source : raw.entrySet()) {
            reportUnknown(source.getKey(), file, source.getValue(), warnings);
        }

        Config config = new Config();
        for (Setting<?> setting : Settings.ALL) {
            config.resolve(setting, raw, file, warnings);
            if (setting.isPerTarget()) {
                config.resolveTargets(setting, raw, file, warnings);
            }
        }
        return config;
    }

    private <T> void resolve(Setting<T> setting, Map<Source, Map<String, String>> raw, String file,
                             Consumer<String> warnings) {
        for (Map.Entry<Source, Map<String, String>> source : raw.entrySet()) {
            String text = source.getValue().get(setting.key());
            if (text == null) {
                continue;
            }
            try {
                values.put(setting, setting.parse(text));
                sources.put(setting, source.getKey());
            } catch (InvalidValueException e) {
                warnings.accept("ignoring " + setting.key() + "=" + printable(text) + " from " + where(source.getKey(), file)
                        + ": " + e.getMessage() + "; using the default " + Setting.format(setting.defaultValue()));
                values.put(setting, setting.defaultValue());
                sources.put(setting, Source.DEFAULT);
            }
            return;
        }
        values.put(setting, setting.defaultValue());
        sources.put(setting, Source.DEFAULT);
    }

    /**
     * The per-target values, each target's from its strongest source. A bad target or value is reported
     * and left out, so the target falls back to the wider rule.
     */
    private void resolveTargets(Setting<?> setting, Map<Source, Map<String, String>> raw, String file,
                                Consumer<String> warnings) {
        Map<String, Object> values = new LinkedHashMap<>();
        String prefix = setting.key() + ".";
        for (Map.Entry<Source, Map<String, String>> source : raw.entrySet()) {
            for (Map.Entry<String, String> e : source.getValue().entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    continue;
                }
                try {
                    String target = setting.parseTarget(e.getKey().substring(prefix.length()));
                    if (!values.containsKey(target)) {
                        values.put(target, setting.parse(e.getValue()));
                    }
                } catch (InvalidValueException ex) {
                    warnings.accept("ignoring " + printable(e.getKey()) + "=" + printable(e.getValue()) + " from "
                            + where(source.getKey(), file) + ": " + ex.getMessage() + "; " + setting.key() + " applies");
                }
            }
        }
        perTarget.put(setting, values);
    }

    /** For a per-target setting: target (host or host:port, lower case) to value. */
    @SuppressWarnings("unchecked")
    public <T> Map<String, T> perTarget(Setting<T> setting) {
        return (Map<String, T>) perTarget.getOrDefault(setting, Map.of());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    public Source sourceOf(Setting<?> setting) {
        return sources.get(setting);
    }

    private static Map<String, String> parseAgentArgs(String args, Consumer<String> warnings) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return out;
        }
        for (String item : args.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                warnings.accept("ignoring '" + printable(item.strip()) + "' in agent arguments: expected key=value");
                continue;
            }
            out.put(normalize(item.substring(0, eq)), item.substring(eq + 1).strip());
        }
        return out;
    }

    /** Keys may omit the punctual. prefix wherever a user types them by hand. */
    private static String normalize(String key) {
        String k = key.strip();
        return k.startsWith(PREFIX) ? k : PREFIX + k;
    }

    private static Map<String, String> systemProperties(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : in.entrySet()) {
            if (e.getKey().startsWith(PREFIX) && !e.getKey().startsWith(DEBUG_PREFIX) && e.getValue() != null) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** PUNCTUAL_TIMERS_LAG_THRESHOLD gives punctual.timers.lag.threshold; an unknown name keeps its spelling. */
    private static Map<String, String> environment(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : in.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX) || e.getValue() == null) {
                continue;
            }
            String key = name;
            for (Setting<?> s : Settings.ALL) {
                if (s.environmentName().equals(name)) {
                    key = s.key();
                }
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    private static Map<String, String> readFile(String file, Consumer<String> warnings) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            Path path = Path.of(file);
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                // A named pipe would block the application's start for good, /dev/zero would fill its heap.
                warnings.accept("cannot use config file " + printable(file) + ": not a regular file; its settings are ignored");
                return out;
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path)) {
                // Read at most one byte past the bound: the size said before reading may already be stale.
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                warnings.accept("cannot use config file " + printable(file) + ": larger than 1 MiB; its settings are ignored");
                return out;
            }
            Properties p = new Properties();
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            for (String k : p.stringPropertyNames()) {
                String key = normalize(k);
                String value = p.getProperty(k);
                String[] port = Settings.perTargetOf(key) == null ? null : portAndValue(value);
                if (port != null) {
                    // Properties reads the colon of "host:8080=2s" as its key-value separator: put it back.
                    key = key + ":" + port[0];
                    value = port[1];
                }
                out.put(key, value);
            }
        } catch (NoSuchFileException e) {
            warnings.accept("cannot read config file " + printable(file) + ": no such file; its settings are ignored");
        } catch (IOException | RuntimeException e) {
            warnings.accept("cannot read config file " + printable(file) + ": " + printable(String.valueOf(e.getMessage()))
                    + "; its settings are ignored");
        }
        return out;
    }

    /** What Properties leaves of "host:8080=2s": "8080=2s", as {"8080", "2s"}; null for any other value. */
    private static String[] portAndValue(String value) {
        int digits = CharClass.digitsEnd(value, 0);
        int eq = CharClass.skipSpace(value, digits);
        if (digits == 0 || digits > MAX_PORT_DIGITS || eq == value.length() || value.charAt(eq) != '=') {
            return null;
        }
        return new String[]{value.substring(0, digits), value.substring(CharClass.skipSpace(value, eq + 1))};
    }

    private static void reportUnknown(Source source, String file, Map<String, String> entries, Consumer<String> warnings) {
        List<String> unknown = new ArrayList<>();
        for (String k : entries.keySet()) {
            if (Settings.byKey(k) == null && Settings.perTargetOf(k) == null) {
                unknown.add(k);
            }
        }
        if (unknown.size() == 1) {
            String key = unknown.get(0);
            String hint = Suggestions.closest(key);
            warnings.accept("ignoring unknown setting " + printable(key) + "=" + printable(entries.get(key)) + " from "
                    + where(source, file) + (hint == null ? "" : " (did you mean " + hint + "?)"));
        } else if (!unknown.isEmpty()) {
            List<String> shown = new ArrayList<>();
            for (String k : unknown.subList(0, Math.min(MAX_KEYS_LISTED, unknown.size()))) {
                shown.add(printable(k));
            }
            int more = unknown.size() - shown.size();
            warnings.accept("ignoring " + unknown.size() + " unknown settings from " + where(source, file) + ": "
                    + String.join(", ", shown) + (more > 0 ? " and " + more + " more" : ""));
        }
    }

    private static String where(Source source, String file) {
        return source == Source.CONFIG_FILE ? "config file " + printable(file) : source.toString();
    }

    /** Keeps a message on one line and short, whatever the user or a corrupt file supplied. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 120; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.length() < text.length() ? b + "..." : b.toString();
    }
}
