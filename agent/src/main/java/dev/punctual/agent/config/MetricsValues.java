package dev.punctual.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How the metrics settings' values are read. */
public final class MetricsValues {
    private MetricsValues() {
    }

    /** An http or https URL with a host, as OTLP endpoints are written: {@code http://collector:4318}. */
    public static final Setting.Parser<String> URL = new Setting.Parser<>() {
        @Override
        public String parse(String text) throws InvalidValueException {
            return url(text);
        }
    };

    /** {@code key=value,key=value}, as OTEL_EXPORTER_OTLP_HEADERS is written; values may be %-encoded. */
    public static final Setting.Parser<String> HEADERS = new Setting.Parser<>() {
        @Override
        public String parse(String text) throws InvalidValueException {
            headers(text);
            return text.strip();
        }
    };

    /** A host name or IP address to listen on: {@code 127.0.0.1}, {@code 0.0.0.0}, {@code ::1}, {@code localhost}. */
    public static final Setting.Parser<String> HOST = new Setting.Parser<>() {
        @Override
        public String parse(String text) throws InvalidValueException {
            String t = text.strip();
            // 253 characters: the longest DNS name.
            if (t.isEmpty() || t.length() > 253 || !CharClass.all(t, "A-Za-z0-9.:-") && !CharClass.bracketed(t, "0-9A-Fa-f:.")) {
                throw new InvalidValueException("not a host name or IP address");
            }
            return t.startsWith("[") ? t.substring(1, t.length() - 1) : t;
        }
    };

    public static final Setting.Parser<Integer> PORT = new Setting.Parser<>() {
        @Override
        public Integer parse(String text) throws InvalidValueException {
            try {
                int p = Integer.parseInt(text.strip());
                if (p >= 1 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new InvalidValueException("not a port (1 to 65535)");
        }
    };

    /** A duration longer than 0: an interval that must pass. */
    public static final Setting.Parser<Duration> INTERVAL = new Setting.Parser<>() {
        @Override
        public Duration parse(String text) throws InvalidValueException {
            Duration d = Durations.parse(text);
            if (Durations.isOff(d) || d.isZero()) {
                throw new InvalidValueException("not an interval (use e.g. 500ms, 10s, 1m; 0 and off are not intervals)");
            }
            return d;
        }
    };

    static String url(String text) throws InvalidValueException {
        String t = text.strip();
        try {
            URI uri = new URI(t);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return t;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new InvalidValueException("not an http:// or https:// URL with a host");
    }

    /** The headers of a {@link #HEADERS} value, decoded. */
    public static Map<String, String> headers(String text) throws InvalidValueException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0 || item.substring(0, eq).isBlank()) {
                throw new InvalidValueException("not key=value pairs separated by commas");
            }
            String name = item.substring(0, eq).strip();
            String value;
            try {
                value = java.net.URLDecoder.decode(item.substring(eq + 1).strip(), "UTF-8");
            } catch (java.io.UnsupportedEncodingException | IllegalArgumentException e) {
                throw new InvalidValueException("a header value is not %-encoded correctly");
            }
            // What HTTP allows (RFC 9110): else every export would fail on it, said once a minute, instead of now.
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new InvalidValueException("a header name that HTTP does not allow");
            }
            if (!value.matches("[\\t\\x20-\\x7e\\x80-\\xff]*")) {
                throw new InvalidValueException("a header value with a control character");
            }
            out.put(name, value);
        }
        return out;
    }
}
