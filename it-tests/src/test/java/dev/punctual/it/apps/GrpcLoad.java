package dev.punctual.it.apps;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Unary gRPC calls without a deadline at a steady rate, to a server of its own on loopback (Netty): in a
 * class of its own, so that a {@link BusyService} without gRPC load never loads gRPC.
 */
final class GrpcLoad {
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
    static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("busy.Echo/Echo")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    private final Server server;
    private final ManagedChannel channel;
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();

    private GrpcLoad(Server server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    static GrpcLoad start(ScheduledExecutorService calls, int perSecond) throws IOException {
        // Set before any of gRPC's Netty classes load: on JDK 24+ they would warn about Unsafe on stderr.
        System.setProperty("io.grpc.netty.shaded.io.netty.noUnsafe", "true");
        System.setProperty("io.grpc.netty.shaded.io.netty.transport.noNative", "true");
        ServerServiceDefinition echo = ServerServiceDefinition.builder("busy.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((String request, StreamObserver<String> response) -> {
                    response.onNext(request);
                    response.onCompleted();
                })).build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(echo).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", server.getPort()))
                .usePlaintext().build();
        GrpcLoad load = new GrpcLoad(server, channel);
        calls.scheduleAtFixedRate(load::call, 0, TimeUnit.SECONDS.toNanos(1) / perSecond, TimeUnit.NANOSECONDS);
        return load;
    }

    private void call() {
        ClientCalls.asyncUnaryCall(channel.newCall(ECHO, CallOptions.DEFAULT), "ping", new StreamObserver<>() {
            @Override
            public void onNext(String value) {
            }

            @Override
            public void onError(Throwable t) {
                failed.increment();
            }

            @Override
            public void onCompleted() {
                ok.increment();
            }
        });
    }

    long ok() {
        return ok.sum();
    }

    long failed() {
        return failed.sum();
    }

    void stop() throws InterruptedException {
        channel.shutdown().awaitTermination(10, TimeUnit.SECONDS);
        server.shutdown().awaitTermination(10, TimeUnit.SECONDS);
    }
}
