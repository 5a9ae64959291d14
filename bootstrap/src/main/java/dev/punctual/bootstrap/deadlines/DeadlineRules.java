package dev.punctual.bootstrap.deadlines;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The default deadlines in force, one set per kind of timeout (HTTP request/read, HTTP connect, gRPC):
 * a default, and per target (host or host:port; gRPC service or service/method), the most specific
 * winning. Replaced whole when the settings change; read without a lock.
 */
public final class DeadlineRules {
    /** A timeout and the setting key that supplied it; {@code nanos < 0} when that scope is off. */
    public static final class Rule {
        public final long nanos;
        public final String key;
        /** The timeout as java.net.http takes it, made once and shared by every call given it; empty when off. */
        public final Optional<Duration> timeout;

        Rule(long nanos, String key) {
            this.nanos = nanos;
            this.key = key;
            this.timeout = nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
        }
    }

    private static volatile DeadlineRules timeouts = new DeadlineRules("punctual.http.timeout", -1, Map.of());
    private static volatile DeadlineRules connectTimeouts = new DeadlineRules("punctual.http.connect-timeout", -1, Map.of());
    private static volatile DeadlineRules grpcTimeouts = new DeadlineRules("punctual.grpc.timeout", -1, Map.of());
    /** Which gRPC streaming calls get defaults too: "none", "server" or "all". */
    private static volatile String grpcStreaming = "none";
    /** enforce sets the timeouts; observe only reports calls that have none. */
    private static volatile boolean enforce;

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

    /**
     * @param nanos     the default for gRPC calls, or -1 for off
     * @param targets   service or service/method to timeout, -1 for off
     * @param streaming which streaming calls get it too: none, server or all
     */
    public static void setGrpc(long nanos, Map<String, Long> targets, String streaming) {
        grpcTimeouts = new DeadlineRules("punctual.grpc.timeout", nanos, targets);
        grpcStreaming = streaming;
    }

    /** @param methodType gRPC's MethodDescriptor.MethodType name: UNARY, SERVER_STREAMING, ... */
    public static boolean grpcCovers(String methodType) {
        String streaming = grpcStreaming;
        return methodType.equals("UNARY") || streaming.equals("all")
                || (streaming.equals("server") && methodType.equals("SERVER_STREAMING"));
    }

    public static boolean enforce() {
        return enforce;
    }

    public static Rule timeoutFor(String host, int port) {
        return timeouts.hostLookup(host, port);
    }

    public static Rule connectTimeoutFor(String host, int port) {
        return connectTimeouts.hostLookup(host, port);
    }

    /** @param fullMethodName service/method, as gRPC names it */
    public static Rule grpcTimeoutFor(String fullMethodName) {
        DeadlineRules rules = grpcTimeouts;
        if (rules.byTarget.isEmpty()) {
            return rules.fallback; // every call asks: no service name cut out when no rule names one
        }
        int slash = fullMethodName.lastIndexOf('/');
        return rules.lookup(fullMethodName, slash < 0 ? null : fullMethodName.substring(0, slash));
    }

    private Rule hostLookup(String host, int port) {
        if (byTarget.isEmpty() || host == null) {
            return fallback;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return lookup(h + ":" + port, h);
    }

    /** The most specific rule: for {@code specific}, else for {@code wider}, else the default. */
    private Rule lookup(String specific, String wider) {
        if (byTarget.isEmpty()) {
            return fallback;
        }
        Rule r = byTarget.get(specific);
        if (r == null && wider != null) {
            r = byTarget.get(wider);
        }
        return r != null ? r : fallback;
    }
}
