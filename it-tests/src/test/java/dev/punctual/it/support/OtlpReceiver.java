package dev.punctual.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP metrics receiver on loopback: decodes each request with the opentelemetry-proto classes
 * and keeps it, with its headers. {@link #hanging}, {@link #slow} and {@link #failing} make endpoints that
 * never answer, answer late, or answer with an error.
 */
public final class OtlpReceiver implements AutoCloseable {
    /** One export request as received. */
    public record Received(ExportMetricsServiceRequest request, com.sun.net.httpserver.Headers headers, String threadName) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    /** How long each request is held before its answer; null: until closed. */
    private final Duration delay;
    private final int status;

    private OtlpReceiver(Duration delay, int status) throws IOException {
        this.delay = delay;
        this.status = status;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "otlp-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/metrics", this::handle);
        server.start();
    }

    public static OtlpReceiver start() throws IOException {
        return new OtlpReceiver(Duration.ZERO, 200);
    }

    /** Takes each request and never answers it (until closed). */
    public static OtlpReceiver hanging() throws IOException {
        return new OtlpReceiver(null, 200);
    }

    /** Answers each request, successfully, after {@code delay} (or when closed). */
    public static OtlpReceiver slow(Duration delay) throws IOException {
        return new OtlpReceiver(delay, 200);
    }

    /** Takes each request and answers it with this HTTP status, e.g. 500 or 503. */
    public static OtlpReceiver failing(int status) throws IOException {
        return new OtlpReceiver(Duration.ZERO, status);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body.readAllBytes());
            received.add(new Received(request, exchange.getRequestHeaders(), Thread.currentThread().getName()));
            if (delay == null) {
                released.await();
            } else if (!delay.isZero()) {
                released.await(delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            if (status != 200) {
                byte[] text = ("the receiver answers " + status).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, text.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(text);
                }
                return;
            }
            byte[] answer = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Every metric of every request, newest request last. */
    public List<Metric> metrics(String name) {
        List<Metric> out = new ArrayList<>();
        for (Received r : received) {
            for (ResourceMetrics rm : r.request.getResourceMetricsList()) {
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        if (m.getName().equals(name)) {
                            out.add(m);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Waits (bounded) for a metric of this name that {@code test} accepts; returns the newest such. */
    public Metric await(String name, Predicate<Metric> test, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            List<Metric> all = metrics(name);
            Optional<Metric> found = all.stream().filter(test).reduce((a, b) -> b);
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + name + " as expected within " + limit + "; received " + all.size()
                        + " of that name in " + received.size() + " requests; the last: " + (all.isEmpty() ? "none" : all.get(all.size() - 1)));
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
