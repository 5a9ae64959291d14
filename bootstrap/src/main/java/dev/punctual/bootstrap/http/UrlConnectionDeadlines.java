package dev.punctual.bootstrap.http;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.StripedWeakIdentityMap;
import dev.punctual.bootstrap.deadlines.DeadlineRules;
import dev.punctual.bootstrap.deadlines.Deadlines;

import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLConnection;
import java.util.concurrent.TimeUnit;

/**
 * Called as an HttpURLConnection (or HttpsURLConnection) connects, before its socket opens: a connect
 * or read timeout still 0 (wait forever) gets the configured default in enforce mode, and is reported
 * in observe mode. URL.openStream() and URL.getContent() connect the same way. A connect, a wait for the
 * response or a read of the body that then times out is reported as exceeded, with whose deadline it was.
 */
public final class UrlConnectionDeadlines {
    private static final FaultSite HTTP_URLCONNECTION_BEFORE_CONNECT_FAULT = new FaultSite("http.urlconnection.beforeConnect");
    private static final FaultSite HTTP_URLCONNECTION_FAILED_FAULT = new FaultSite("http.urlconnection.failed");

    public static final String CLIENT = "HttpURLConnection";

    /**
     * What was decided at each live connection's connect, for when it times out. Only connects and
     * failures touch it, never a read.
     */
    private static final StripedWeakIdentityMap<Call> CALLS = new StripedWeakIdentityMap<>(1 << 16);

    public static void forget() {
        CALLS.clear();
    }

    private static final class Call {
        final String host;
        final int port;
        final long start = System.nanoTime();
        boolean connectInjected;
        boolean readInjected;
        /**
         * Already reported as exceeded: a connect failure passes through both hooked methods, and
         * HttpURLConnection throws a copy of a remembered failure at every later call.
         */
        boolean reported;

        Call(String host, int port) {
            this.host = host;
            this.port = port;
        }
    }

    private UrlConnectionDeadlines() {
    }

    /**
     * On entry to plainConnect0, given the connection and its request headers (a sun.net.www.MessageHeader).
     *
     * @throws SocketTimeoutException when the budget of the work the call is made for ran out: the error
     *                                a timed-out connect gives, before any socket is opened
     */
    public static Object beforeConnect(Object connection, Object requestHeaders) throws SocketTimeoutException {
        boolean ranOut = false;
        try {
            URLConnection c = (URLConnection) connection;
            URL url = c.getURL();
            int port = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
            Call call = new Call(url.getHost(), port);
            long connect = decide(call, "connect", c.getConnectTimeout(), "sun.net.client.defaultConnectTimeout",
                    DeadlineRules.connectTimeoutFor(call.host, port));
            long read = decide(call, "read", c.getReadTimeout(), "sun.net.client.defaultReadTimeout",
                    DeadlineRules.timeoutFor(call.host, port));
            if (connect == 0 || read == 0) {
                ranOut = true;
                Deadlines.exceeded(CLIENT, "connect", call.host, call.port, 0, 0, true);
            } else {
                if (connect > 0) {
                    c.setConnectTimeout(millis(connect));
                    call.connectInjected = true;
                }
                if (read > 0) {
                    c.setReadTimeout(millis(read));
                    call.readInjected = true;
                }
                CALLS.put(c, call);
                BudgetHeaders.addTo(requestHeaders);
            }
        } catch (Throwable t) {
            HTTP_URLCONNECTION_BEFORE_CONNECT_FAULT.caught(t);
        }
        if (ranOut) {
            throw new SocketTimeoutException("the request this call was made for has no time left (Punctual budget)");
        }
        return connection;
    }

    /**
     * The timeout to set of one kind: the budget's when it is shorter than the connection's own, else
     * the default when the connection has none (0, and no JVM-wide default either).
     *
     * @return ns to set, 0 when the budget ran out, -1 to leave the connection's own
     */
    private static long decide(Call call, String kind, int ownMillis, String jvmWideProperty, DeadlineRules.Rule rule) {
        int own = ownMillis > 0 ? ownMillis : Integer.getInteger(jvmWideProperty, 0);
        long budgeted = Deadlines.budgeted(CLIENT, kind, call.host, call.port, own > 0 ? TimeUnit.MILLISECONDS.toNanos(own) : -1, rule);
        if (budgeted >= 0 || budgeted == Deadlines.REPORTED || own > 0) {
            return Math.max(budgeted, -1);
        }
        long nanos = Deadlines.missing(CLIENT, kind, call.host, call.port, rule);
        return nanos == 0 ? 1 : nanos; // a default of 0 is the shortest timeout there is, not a budget run out
    }

    /** Entry of a hooked method: hands the connection over to its exit and failure probes. */
    public static Object connection(Object connection) {
        return connection;
    }

    /** plainConnect0 threw: a connect timeout, when it is a SocketTimeoutException. */
    public static void connectFailed(Object connection, Throwable failure) {
        failed(connection, failure, "connect");
    }

    /**
     * getInputStream0 or a read of the body threw: waiting for the response or for more of the body timed
     * out, unless the connect did.
     */
    public static void responseFailed(Object connection, Throwable failure) {
        failed(connection, failure, "read");
    }

    private static void failed(Object connection, Throwable failure, String kind) {
        try {
            if (!(failure instanceof SocketTimeoutException)) {
                return;
            }
            URLConnection c = (URLConnection) connection;
            Call call = CALLS.get(c);
            if (call == null || call.reported) {
                return;
            }
            call.reported = true;
            boolean connect = kind.equals("connect");
            long timeout = TimeUnit.MILLISECONDS.toNanos(connect ? c.getConnectTimeout() : c.getReadTimeout());
            Deadlines.exceeded(CLIENT, kind, call.host, call.port, timeout, System.nanoTime() - call.start,
                    connect ? call.connectInjected : call.readInjected);
        } catch (Throwable t) {
            HTTP_URLCONNECTION_FAILED_FAULT.caught(t);
        }
    }

    /** At least 1 ms: 0 would mean "wait forever". */
    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
    }
}
