package dev.punctual.agent.config;

import java.util.Locale;

/** How the target part of a per-target key is read. */
public final class Targets {

    /**
     * A host name or IP address, optionally with a port ({@code api.example.com}, {@code localhost:8080},
     * {@code 127.0.0.1}, {@code [::1]:8443}). Host names compare case-insensitively, so they are kept in
     * lower case. {@code localhost} and {@code 127.0.0.1} are different targets: a rule applies to the
     * host as the call names it.
     */
    public static final Setting.Parser<String> HOST_AND_PORT = new Setting.Parser<>() {
        @Override
        public String parse(String text) throws InvalidValueException {
            return hostAndPort(text);
        }
    };

    /**
     * A gRPC service's full name, optionally with a method: {@code helloworld.Greeter},
     * {@code helloworld.Greeter/SayHello}. Case counts, as in gRPC.
     */
    public static final Setting.Parser<String> GRPC_METHOD = new Setting.Parser<>() {
        @Override
        public String parse(String text) throws InvalidValueException {
            String t = text.strip();
            if (!isGrpcMethod(t)) {
                throw new InvalidValueException("'" + text + "' is not a gRPC service, or service/method");
            }
            return t;
        }
    };

    private Targets() {
    }

    /** A host name in lower case ({@code [a-z0-9]}, then {@code [a-z0-9.-]}, ending in {@code [a-z0-9]}), or {@code [ipv6]}. */
    private static boolean isHost(String host) {
        return CharClass.bracketed(host, "0-9a-f:.")
                || CharClass.all(host, "a-z0-9.-") && CharClass.in(host.charAt(0), "a-z0-9")
                && CharClass.in(host.charAt(host.length() - 1), "a-z0-9");
    }

    /** {@code service} or {@code service/method}: Java-like names, the service's with dots, the method's without. */
    private static boolean isGrpcMethod(String text) {
        int slash = text.indexOf('/');
        String service = slash < 0 ? text : text.substring(0, slash);
        return CharClass.word(service, "A-Za-z_", "A-Za-z0-9_.$-")
                && (slash < 0 || CharClass.word(text.substring(slash + 1), "A-Za-z_", "A-Za-z0-9_$-"));
    }

    /** @return the target in its canonical form */
    static String hostAndPort(String text) throws InvalidValueException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int colon = t.startsWith("[") ? t.indexOf(':', t.indexOf(']')) : t.lastIndexOf(':');
        String host = colon < 0 ? t : t.substring(0, colon);
        if (!isHost(host)) {
            throw new InvalidValueException("'" + text + "' is not a host, or host:port");
        }
        if (colon < 0) {
            return host;
        }
        String port = t.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535 || !port.equals(Integer.toString(p))) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new InvalidValueException("'" + port + "' in '" + text + "' is not a port (1 to 65535)");
        }
        return host + ":" + port;
    }
}
