package dev.punctual.bench.jmh;

import com.sun.net.httpserver.HttpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One HttpClient.send to a server on loopback, made without a timeout: with Punctual, every call
 * goes through the deadline check and gets the default timeout injected. With deadline=caller the
 * request and the client carry the same timeouts (Punctual's defaults, 30 s and 10 s) set by the
 * caller: what a timeout costs the client itself, apart from what Punctual adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpCallBench {
    private static final byte[] BODY = "ok".getBytes();

    @Param({"none", "caller"})
    public String deadline;

    private HttpServer server;
    private ExecutorService serverThreads;
    private HttpClient client;
    private HttpRequest request;

    @Setup
    public void start() throws IOException {
        // The JDK's server writes a response's headers and body apart; without TCP_NODELAY, Nagle's
        // algorithm and the client's delayed ACK hold the body back for 40 ms on Linux.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        serverThreads = Executors.newSingleThreadExecutor();
        server.setExecutor(serverThreads);
        server.start();
        HttpClient.Builder clientBuilder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        HttpRequest.Builder requestBuilder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ping"));
        if (deadline.equals("caller")) {
            clientBuilder.connectTimeout(Duration.ofSeconds(10));
            requestBuilder.timeout(Duration.ofSeconds(30));
        }
        client = clientBuilder.build();
        request = requestBuilder.build();
    }

    @TearDown
    public void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Benchmark
    public int send() throws IOException, InterruptedException {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode());
        }
        return response.statusCode();
    }
}
