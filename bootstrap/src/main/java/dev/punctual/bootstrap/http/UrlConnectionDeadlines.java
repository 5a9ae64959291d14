package dev.punctual.bootstrap.http;

import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.WeakIdentityMap;
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
    public static final String CLIENT = "HttpURLConnection";

    /**
     * What was decided at each live connection's connect, for when it times out. Only connects and
     * failures touch it, never a read.
     */
    private static final WeakIdentityMap<Call> CALLS = new WeakIdentityMap<>(1 << 16);

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

        String target() {
            return host + ":" + port;
        }
    }

    private UrlConnectionDeadlines() {
    }

    /** On entry to plainConnect0. */
    public static Object beforeConnect(Object connection) {
        try {
            URLConnection c = (URLConnection) connection;
            URL url = c.getURL();
            int port = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
            Call call = new Call(url.getHost(), port);
            if (c.getConnectTimeout() == 0 && !jvmWide("sun.net.client.defaultConnectTimeout")) {
                long nanos = Deadlines.missing(CLIENT, "connect", call.target(), DeadlineRules.connectTimeoutFor(call.host, port));
                if (nanos >= 0) {
                    c.setConnectTimeout(millis(nanos));
                    call.connectInjected = true;
                }
            }
            if (c.getReadTimeout() == 0 && !jvmWide("sun.net.client.defaultReadTimeout")) {
                long nanos = Deadlines.missing(CLIENT, "read", call.target(), DeadlineRules.timeoutFor(call.host, port));
                if (nanos >= 0) {
                    c.setReadTimeout(millis(nanos));
                    call.readInjected = true;
                }
            }
            CALLS.put(c, call);
        } catch (Throwable t) {
            Log.fault("http.urlconnection.beforeConnect", t);
        }
        return connection;
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
            Deadlines.exceeded(CLIENT, kind, call.target(), timeout, System.nanoTime() - call.start,
                    connect ? call.connectInjected : call.readInjected);
        } catch (Throwable t) {
            Log.fault("http.urlconnection.failed", t);
        }
    }

    /**
     * The JDK's own JVM-wide default for a timeout the connection leaves unset, a system property:
     * when it is there, somebody configured this deadline, and it stays.
     */
    private static boolean jvmWide(String property) {
        return Integer.getInteger(property, 0) > 0;
    }

    /** At least 1 ms: 0 would mean "wait forever". */
    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
    }
}
