package dev.punctual.bootstrap.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The default deadlines in force, one set per kind of timeout (the request/read timeout, the connect
 * timeout): a default, and per target host or host:port, the most specific winning. Replaced whole when
 * the settings change; read without a lock.
 */
public final class DeadlineRules {
    /** A timeout and the setting key that supplied it; {@code nanos < 0} when that scope is off. */
    public static final class Rule {
        final long nanos;
        final String key;

        Rule(long nanos, String key) {
            this.nanos = nanos;
            this.key = key;
        }
    }

    private static volatile DeadlineRules timeouts = new DeadlineRules("punctual.http.timeout", -1, Map.of());
    private static volatile DeadlineRules connectTimeouts = new DeadlineRules("punctual.http.connect-timeout", -1, Map.of());
    /** enforce sets the timeouts; observe only reports calls that have none. */
    static volatile boolean enforce;

    private final Rule fallback;
    private final Map<String, Rule> byTarget = new HashMap<>();

    private DeadlineRules(String key, long nanos, Map<String, Long> targets) {
        fallback = new Rule(nanos, key);
        for (Map.Entry<String, Long> e : targets.entrySet()) {
            byTarget.put(e.getKey(), new Rule(e.getValue(), key + "." + e.getKey()));
        }
    }

    /**
     * @param nanos   the default, or -1 for off
     * @param targets target (lower-case host or host:port) to timeout, -1 for off
     */
    public static void set(boolean enforceMode, long nanos, Map<String, Long> targets, long connectNanos,
                           Map<String, Long> connectTargets) {
        timeouts = new DeadlineRules("punctual.http.timeout", nanos, targets);
        connectTimeouts = new DeadlineRules("punctual.http.connect-timeout", connectNanos, connectTargets);
        enforce = enforceMode;
    }

    static Rule timeoutFor(String host, int port) {
        return timeouts.lookup(host, port);
    }

    static Rule connectTimeoutFor(String host, int port) {
        return connectTimeouts.lookup(host, port);
    }

    private Rule lookup(String host, int port) {
        if (byTarget.isEmpty() || host == null) {
            return fallback;
        }
        String h = host.toLowerCase(Locale.ROOT);
        Rule r = byTarget.get(h + ":" + port);
        if (r == null) {
            r = byTarget.get(h);
        }
        return r != null ? r : fallback;
    }
}
