package dev.punctual.sample.budget;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The slow services the handlers call: an HTTP server and a gRPC server on loopback that answer after
 * the number of milliseconds the request names. The HTTP backend prints the budget header when a call
 * carries it.
 */
final class Backends implements AutoCloseable {
    static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    static final MethodDescriptor<String, String> DELAY = unary("punctual.sample.Backend", "Delay");

    private final HttpServer http;
    private final Server grpc;
    private final ManagedChannel channel;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backend-timer");
        t.setDaemon(true);
        return t;
    });

    Backends(String header) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        http.setExecutor(Executors.newCachedThreadPool(daemon("http-backend")));
        http.createContext("/slow", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            long delay = Long.parseLong(query.substring(query.indexOf('=') + 1));
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                System.out.println("backend received " + header + "=" + value + " delay=" + delay);
            }
            try {
                Thread.sleep(delay);
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException | IOException e) {
                // the caller gave up
            } finally {
                exchange.close();
            }
        });
        http.start();
        grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerServiceDefinition.builder("punctual.sample.Backend")
                        .addMethod(DELAY, ServerCalls.asyncUnaryCall((request, response) ->
                                timer.schedule(() -> {
                                    try {
                                        response.onNext("ok");
                                        response.onCompleted();
                                    } catch (RuntimeException e) {
                                        // the call was cancelled
                                    }
                                }, Long.parseLong(request), TimeUnit.MILLISECONDS)))
                        .build())
                .build().start();
        channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", grpc.getPort())).usePlaintext().build();
    }

    static MethodDescriptor<String, String> unary(String service, String method) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
                .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    URI httpUri(long delayMillis) {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/slow?ms=" + delayMillis);
    }

    ManagedChannel grpcChannel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        grpc.shutdownNow();
        http.stop(0);
    }
}
