package dev.punctual.sample.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The calls themselves, one small method per style, each making its call directly: the method is the
 * application frame just above gRPC's in the call's stack. Each returns the number of messages it got.
 */
final class Calls {
    private Calls() {
    }

    static int blocking(Channel channel, MethodDescriptor<String, String> method, CallOptions options, String request) {
        ClientCalls.blockingUnaryCall(channel, method, options, request);
        return 1;
    }

    static int future(Channel channel, MethodDescriptor<String, String> method, CallOptions options, String request)
            throws ExecutionException, InterruptedException {
        ClientCalls.futureUnaryCall(channel.newCall(method, options), request).get();
        return 1;
    }

    static int async(Channel channel, MethodDescriptor<String, String> method, CallOptions options, String request)
            throws ExecutionException, InterruptedException {
        CompletableFuture<String> done = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(method, options), request, new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        done.get();
        return 1;
    }

    /** A blocking call through two client interceptors, each wrapping the call as real interceptors do. */
    static int intercepted(Channel channel, MethodDescriptor<String, String> method, CallOptions options, String request) {
        Channel chain = ClientInterceptors.intercept(channel, new Tagging("first"), new Tagging("second"));
        ClientCalls.blockingUnaryCall(chain, method, options, request);
        return 1;
    }

    static int serverStream(Channel channel, MethodDescriptor<String, String> method, CallOptions options, String request) {
        int n = 0;
        for (Iterator<String> it = ClientCalls.blockingServerStreamingCall(channel, method, options, request); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    /** Adds a header, as tracing or auth interceptors do. */
    private static final class Tagging implements ClientInterceptor {
        private static final Metadata.Key<String> KEY = Metadata.Key.of("x-interceptor", Metadata.ASCII_STRING_MARSHALLER);
        private final String tag;

        Tagging(String tag) {
            this.tag = tag;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    headers.put(KEY, tag);
                    super.start(listener, headers);
                }
            };
        }
    }
}
