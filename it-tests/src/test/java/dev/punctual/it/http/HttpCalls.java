package dev.punctual.it.http;

import dev.punctual.it.support.Jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calls the http-client sample app printed, one line each. */
record HttpCalls(List<Call> calls, Jvm.Result run) {
    private static final Pattern LINE = Pattern.compile(
            "^call client=(\\S+) target=(\\S+) endpoint=(\\S+) timeout=(\\S+) connect-timeout=(\\S+) outcome=(\\S+) elapsed=(\\d+)ms.*$",
            Pattern.MULTILINE);

    record Call(String client, String target, String outcome, long elapsedMillis) {
        @Override
        public String toString() {
            return client + " to " + target + ": " + outcome + " after " + elapsedMillis + " ms";
        }
    }

    static HttpCalls of(Jvm.Result run) {
        List<Call> calls = new ArrayList<>();
        Matcher m = LINE.matcher(run.stdout);
        while (m.find()) {
            calls.add(new Call(m.group(1), m.group(2), m.group(6), Long.parseLong(m.group(7))));
        }
        assertTrue(!calls.isEmpty(), "the app printed no call:\n" + run);
        return new HttpCalls(calls, run);
    }

    /** The exception each client kind throws when its own deadline passes. */
    static String timeoutOf(String client, boolean connect) {
        if (client.startsWith("send") || client.startsWith("async")) {
            return connect ? "HttpConnectTimeoutException" : "HttpTimeoutException";
        }
        return "SocketTimeoutException";
    }
}
