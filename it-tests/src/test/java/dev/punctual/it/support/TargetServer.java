package dev.punctual.it.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A server on loopback in the test's JVM for an app's calls: /ok answers at once, /hang never (until closed). */
public final class TargetServer implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch closed = new CountDownLatch(1);

    public TargetServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "target-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/ok", exchange -> {
            try (exchange) {
                byte[] body = "ok".getBytes();
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.createContext("/hang", exchange -> {
            try (exchange) {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
