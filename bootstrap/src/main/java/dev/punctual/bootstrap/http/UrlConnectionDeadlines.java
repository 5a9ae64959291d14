package dev.punctual.bootstrap.http;

import dev.punctual.bootstrap.Log;

import java.net.URL;
import java.net.URLConnection;

/**
 * Called as an HttpURLConnection (or HttpsURLConnection) connects, before its socket opens: a connect
 * or read timeout still 0 (wait forever) gets the configured default in enforce mode, and is reported
 * in observe mode. URL.openStream() and URL.getContent() connect the same way.
 */
public final class UrlConnectionDeadlines {
    public static final String CLIENT = "HttpURLConnection";

    private UrlConnectionDeadlines() {
    }

    public static Object beforeConnect(Object connection) {
        try {
            URLConnection c = (URLConnection) connection;
            URL url = c.getURL();
            int port = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
            String host = url.getHost();
            if (c.getConnectTimeout() == 0) {
                int ms = Deadlines.missing(CLIENT, "connect", host, port, DeadlineRules.connectTimeoutFor(host, port));
                if (ms > 0) {
                    c.setConnectTimeout(ms);
                }
            }
            if (c.getReadTimeout() == 0) {
                int ms = Deadlines.missing(CLIENT, "read", host, port, DeadlineRules.timeoutFor(host, port));
                if (ms > 0) {
                    c.setReadTimeout(ms);
                }
            }
        } catch (Throwable t) {
            Log.fault("http.urlconnection.beforeConnect", t);
        }
        return null;
    }

    public static void afterConnect(Object ignored) {
    }
}
