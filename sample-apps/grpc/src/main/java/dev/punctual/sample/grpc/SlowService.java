package dev.punctual.sample.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server side: a service punctual.sample.Slow whose methods never answer, answer late, or stream
 * for a while, with hand-built method descriptors and plain text messages (no generated code).
 */
final class SlowService {
    static final String SERVICE = "punctual.sample.Slow";

    /** Plain UTF-8 text, so that no .proto is needed. */
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

    /** Never answers. */
    static final MethodDescriptor<String, String> HANG = unary("Hang");
    /** Answers after the number of milliseconds it is sent. */
    static final MethodDescriptor<String, String> DELAY = unary("Delay");
    /** Calls Hang on this same server, from inside its handler, where the caller's deadline is in force. */
    static final MethodDescriptor<String, String> RELAY = unary("Relay");
    /** Sends a message every 100 ms for the number of milliseconds it is sent, then completes. */
    static final MethodDescriptor<String, String> STREAM = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Stream"))
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slow-service-timer");
        t.setDaemon(true);
        return t;
    });
    /** This server, as a client: for Relay. */
    private volatile Channel self;

    private static MethodDescriptor<String, String> unary(String name) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
    }

    void callingItself(Channel channel) {
        self = channel;
    }

    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(HANG, ServerCalls.asyncUnaryCall((request, response) -> {
                    // Holds the call open; the client's deadline or cancellation ends it.
                }))
                .addMethod(DELAY, ServerCalls.asyncUnaryCall((request, response) ->
                        timer.schedule(() -> reply(response, "delayed " + request + " ms"), Long.parseLong(request), TimeUnit.MILLISECONDS)))
                .addMethod(RELAY, ServerCalls.asyncUnaryCall(this::relay))
                .addMethod(STREAM, ServerCalls.asyncServerStreamingCall((request, response) -> {
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(request));
                    timer.schedule(() -> streamOn(response, end, 0), 100, TimeUnit.MILLISECONDS);
                }))
                .build();
    }

    private void relay(String request, StreamObserver<String> response) {
        try {
            // Made inside the handler: the inbound deadline is the current Context's, and gRPC applies it.
            reply(response, ClientCalls.blockingUnaryCall(self, HANG, CallOptions.DEFAULT, request));
        } catch (RuntimeException e) {
            response.onError(Status.fromThrowable(e).asRuntimeException());
        }
    }

    private void streamOn(StreamObserver<String> response, long end, int n) {
        try {
            response.onNext("message " + n);
            if (System.nanoTime() - end >= 0) {
                response.onCompleted();
            } else {
                timer.schedule(() -> streamOn(response, end, n + 1), 100, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException cancelled) {
            // The client went away.
        }
    }

    private static void reply(StreamObserver<String> response, String message) {
        try {
            response.onNext(message);
            response.onCompleted();
        } catch (RuntimeException cancelled) {
            // The client went away meanwhile.
        }
    }
}
