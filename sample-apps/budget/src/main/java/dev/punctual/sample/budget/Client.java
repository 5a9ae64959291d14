package dev.punctual.sample.budget;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The outbound calls a handler makes, each with its own timeout, each to a backend that answers late. */
enum Client {
    HTTP_CLIENT("http-client"),
    URL_CONNECTION("url-connection"),
    GRPC("grpc");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String label;

    Client(String label) {
        this.label = label;
    }

    static Client of(String label) {
        for (Client c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException(label);
    }

    /**
     * Calls the backend, which answers after {@code delayMillis}, with a timeout of {@code timeoutMillis}.
     *
     * @return ok, timeout (the client's own timeout error) or the failure's name
     */
    String call(Backends backends, long delayMillis, long timeoutMillis) {
        try {
            switch (this) {
                case HTTP_CLIENT -> {
                    HttpRequest request = HttpRequest.newBuilder(backends.httpUri(delayMillis))
                            .timeout(Duration.ofMillis(timeoutMillis)).build();
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                }
                case URL_CONNECTION -> {
                    HttpURLConnection c = (HttpURLConnection) backends.httpUri(delayMillis).toURL().openConnection();
                    c.setConnectTimeout((int) timeoutMillis);
                    c.setReadTimeout((int) timeoutMillis);
                    try (InputStream in = c.getInputStream()) {
                        in.readAllBytes();
                    }
                }
                case GRPC -> {
                    ManagedChannel channel = backends.grpcChannel();
                    ClientCalls.blockingUnaryCall(channel, Backends.DELAY,
                            CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS), Long.toString(delayMillis));
                }
            }
            return "ok";
        } catch (HttpTimeoutException | SocketTimeoutException e) {
            return "timeout";
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED ? "timeout" : e.getStatus().getCode().name();
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
