package dev.punctual.sample.http;

import dev.punctual.sample.common.Args;
import dev.punctual.sample.common.UsageException;

import java.util.concurrent.TimeUnit;

/**
 * What the client calls ({@code --endpoint}): a path and query on the server, or, for
 * {@code connect-hang}, none at all: the blackhole port, where the connection itself never completes.
 *
 * @param text  as given on the command line, which is how the app reports it
 * @param path  the server's path, null for {@code connect-hang}
 * @param query the query, or null
 */
record Endpoint(String text, String path, String query) {

    static Endpoint parse(String text) throws UsageException {
        String[] parts = text.split(":", -1);
        switch (parts[0]) {
            case "ok", "hang" -> {
                if (parts.length == 1) {
                    return new Endpoint(text, "/" + parts[0], null);
                }
            }
            case "connect-hang" -> {
                if (parts.length == 1) {
                    return new Endpoint(text, null, null);
                }
            }
            case "delay" -> {
                if (parts.length == 2) {
                    return new Endpoint(text, "/delay", "ms=" + millis(parts[1]));
                }
            }
            case "trickle" -> {
                if (parts.length == 3) {
                    int bytes = Args.count("--endpoint trickle bytes", parts[1], 1);
                    return new Endpoint(text, "/trickle", "bytes=" + bytes + "&every=" + millis(parts[2]));
                }
            }
            default -> {
            }
        }
        throw new UsageException("--endpoint wants ok, hang, delay:DUR, trickle:BYTES:DUR or connect-hang, got '"
                + text + "'");
    }

    boolean connectHang() {
        return path == null;
    }

    private static long millis(String text) throws UsageException {
        return TimeUnit.NANOSECONDS.toMillis(Args.duration("--endpoint", text));
    }
}
