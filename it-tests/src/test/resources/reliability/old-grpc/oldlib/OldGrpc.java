package oldlib;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Unary calls over gRPC's in-process transport, with the API every gRPC release has had since 1.0. */
public final class OldGrpc {
    /** gRPC logs each channel's creation with its identity hash: kept quiet, so that two runs compare. */
    static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

    static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<String>() {
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

    public static void main(String[] args) throws Exception {
        GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
        MethodDescriptor<String, String> echo = MethodDescriptor.create(MethodDescriptor.MethodType.UNARY,
                MethodDescriptor.generateFullMethodName("old.Echo", "Say"), TEXT, TEXT);
        Server server = InProcessServerBuilder.forName("old-grpc")
                .addService(ServerServiceDefinition.builder("old.Echo")
                        .addMethod(echo, ServerCalls.asyncUnaryCall((String request, io.grpc.stub.StreamObserver<String> response) -> {
                            response.onNext("echo " + request);
                            response.onCompleted();
                        }))
                        .build())
                .build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName("old-grpc").build();
        for (int i = 0; i < 5; i++) {
            System.out.println(ClientCalls.blockingUnaryCall(channel, echo, CallOptions.DEFAULT, "call " + i));
        }
        channel.shutdownNow();
        server.shutdownNow();
        System.out.println("terminated: " + channel.awaitTermination(20, TimeUnit.SECONDS) + " " + server.awaitTermination(20, TimeUnit.SECONDS));
    }
}
