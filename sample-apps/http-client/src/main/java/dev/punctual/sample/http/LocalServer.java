package dev.punctual.sample.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The peer the client calls, on 127.0.0.1: {@code /ok} answers at once, {@code /delay?ms=N} after N ms,
 * {@code /trickle?bytes=K&every=MS} sends its headers at once and then one byte every MS ms, and
 * {@code /hang} reads the request and never answers.
 */
final class LocalServer {
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService handlers;
    /** Opened by {@link #stop}: what the hanging and waiting handlers wait for. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    private LocalServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    static LocalServer start(int port) throws IOException {
        // Without TCP_NODELAY, JDK 17's server sends a response's headers and body in two segments, and
        // the second waits for the client's delayed ACK: 40 ms more in every elapsed time the app prints.
        // Read once, when the first server is made; a value given with -D stands.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        } catch (BindException e) {
            throw new IOException("cannot serve on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        // A thread per exchange, as many as it takes: a hanging exchange holds its thread, and must not
        // hold back the next call. Daemons, so that they never keep the JVM alive.
        AtomicInteger threads = new AtomicInteger();
        ExecutorService handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "http-server-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        LocalServer local = new LocalServer(server, handlers);
        server.createContext("/ok", quietly(local::ok));
        server.createContext("/hang", quietly(local::hang));
        server.createContext("/delay", quietly(local::delay));
        server.createContext("/trickle", quietly(local::trickle));
        server.setExecutor(handlers);
        server.start();
        return local;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Lets the held exchanges go, then closes every connection. */
    void stop() {
        stopping.countDown();
        server.stop(0);
        handlers.shutdown();
    }

    private void ok(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, OK.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(OK);
        }
    }

    private void hang(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        // Blocks this thread, not the CPU, until the server stops; then the client sees the connection close.
        awaitStop(Long.MAX_VALUE);
        exchange.close();
    }

    private void delay(HttpExchange exchange) throws IOException {
        Map<String, Long> query = query(exchange, "ms");
        if (query == null) {
            return;
        }
        if (awaitStop(query.get("ms"))) {
            exchange.close();
            return;
        }
        ok(exchange);
    }

    private void trickle(HttpExchange exchange) throws IOException {
        Map<String, Long> query = query(exchange, "bytes", "every");
        if (query == null) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        // Length 0: chunked, so that each byte goes out in a chunk of its own when flushed.
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            // Some JDKs hold the headers back until the first byte of the body; the client must have
            // them at once, so that only the body is slow.
            body.flush();
            for (long i = 0; i < query.get("bytes"); i++) {
                if (awaitStop(query.get("every"))) {
                    return;
                }
                body.write('.');
                body.flush();
            }
        }
    }

    /** True if the server is stopping, at once or within {@code millis}. */
    private boolean awaitStop(long millis) {
        try {
            return stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The query's numbers by name; or null, after answering 400, if one is missing or not a number. */
    private static Map<String, Long> query(HttpExchange exchange, String... names) throws IOException {
        Map<String, String> given = new HashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    given.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        Map<String, Long> numbers = new HashMap<>();
        for (String name : names) {
            try {
                long number = Long.parseLong(given.getOrDefault(name, ""));
                if (number < 0) {
                    throw new NumberFormatException();
                }
                numbers.put(name, number);
            } catch (NumberFormatException e) {
                byte[] message = ("want " + name + "=<whole number>\n").getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(400, message.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(message);
                }
                return null;
            }
        }
        return numbers;
    }

    /**
     * A client that gives up mid-answer leaves the handler writing to a closed connection; that is the
     * client's business, not an error of the server's, so the exchange just ends.
     */
    private static HttpHandler quietly(HttpHandler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                exchange.close();
            }
        };
    }
}
