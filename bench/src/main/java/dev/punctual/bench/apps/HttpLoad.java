package dev.punctual.bench.apps;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * HttpClient.send (HTTP/1.1, no timeout set) to the JDK's HttpServer on loopback in the same process,
 * one call after another. After a warm-up it prints the CPU time per call of the client's threads (the
 * caller and the client's own "HttpClient-..." threads, where an agent's per-call work runs) and of the
 * whole process (every live thread, the server's included), in ns. CPU time, unlike a loopback call's
 * latency, is not stretched by a neighbour's load, so a difference of a microsecond can be seen.
 * <pre>HttpLoad WARMUP_MS MEASURE_MS</pre>
 */
public final class HttpLoad {
    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        long warmupMillis = Long.parseLong(args[0]);
        long measureMillis = Long.parseLong(args[1]);
        System.setProperty("sun.net.httpserver.nodelay", "true"); // without it every call waits 40 ms for a delayed ACK
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = "ok".getBytes();
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "load-server")));
        server.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build();
        Thread caller = Thread.currentThread();
        ThreadCpu clientCpu = new ThreadCpu(t -> t == caller || t.getName().startsWith("HttpClient-"));
        ThreadCpu processCpu = new ThreadCpu(t -> true);
        long end = System.nanoTime() + warmupMillis * 1_000_000;
        while (System.nanoTime() < end) {
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        clientCpu.mark();
        processCpu.mark();
        long calls = 0;
        long started = System.nanoTime();
        end = started + measureMillis * 1_000_000;
        while (System.nanoTime() < end) {
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            calls++;
        }
        long wall = System.nanoTime() - started;
        long clientNanos = clientCpu.nanosSinceMark();
        long process = processCpu.nanosSinceMark();
        server.stop(0);
        System.out.println("client-cpu-ns-per-call " + clientNanos / calls);
        System.out.println("process-cpu-ns-per-call " + process / calls);
        System.out.println("wall-ns-per-call " + wall / calls);
        System.exit(0);
    }
}
