package dev.punctual.agent.config;

/** An HTTP header's name as a setting's value (RFC 9110's token), or {@code off}. */
public final class HeaderName {
    private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

    public static final String OFF = "off";

    public static final Setting.Parser<String> PARSER = new Setting.Parser<>() {
        @Override
        public String parse(String text) throws InvalidValueException {
            String t = text.strip();
            if (t.equalsIgnoreCase(OFF)) {
                return OFF;
            }
            if (t.isEmpty() || t.length() > 256) {
                throw new InvalidValueException("not an HTTP header name (e.g. x-envoy-expected-rq-timeout-ms) or off");
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || TOKEN_PUNCTUATION.indexOf(c) >= 0;
                if (!ok) {
                    throw new InvalidValueException("not an HTTP header name (e.g. x-envoy-expected-rq-timeout-ms) or off");
                }
            }
            return t;
        }
    };

    private HeaderName() {
    }
}
