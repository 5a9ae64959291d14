package dev.punctual.sample.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The HTTP calls themselves, one small method per client kind, each of which makes its call directly:
 * the method is the application frame just above the JDK's client in the call's stack. Each reads the
 * whole body, so that a trickling answer takes as long as it trickles. A null timeout is no timeout.
 */
final class Calls {

    private Calls() {
    }

    /** The client {@code send} uses when there is no connect timeout: no builder involved. */
    static HttpClient newHttpClient() {
        return HttpClient.newHttpClient();
    }

    /** The client {@code async} and {@code async-push} use when there is no connect timeout. */
    static HttpClient builtHttpClient() {
        return HttpClient.newBuilder().build();
    }

    static HttpClient httpClientWithConnectTimeout(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    static HttpRequest request(URI uri, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (timeout != null) {
            request.timeout(timeout);
        }
        return request.build();
    }

    static int send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, BodyHandlers.ofString()).statusCode();
    }

    static int sendAsync(HttpClient client, HttpRequest request) throws ExecutionException, InterruptedException {
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(request, BodyHandlers.ofString());
        // Waits here rather than in a helper, so that this method stays the top application frame of a
        // thread blocked on the call.
        try {
            return response.get().statusCode();
        } catch (InterruptedException e) {
            // Given up on: cancel the exchange, as send does when interrupted.
            response.cancel(true);
            throw e;
        }
    }

    static int sendAsyncWithPushHandler(HttpClient client, HttpRequest request)
            throws ExecutionException, InterruptedException {
        // Refuses every push (there are none over HTTP/1.1 anyway): what matters is the three-argument overload.
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(request, BodyHandlers.ofString(),
                (initiating, push, acceptor) -> {
                });
        try {
            return response.get().statusCode();
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        }
    }

    static int urlConnection(URL url, Duration timeout, Duration connectTimeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        setTimeouts(connection, timeout, connectTimeout);
        int status = connection.getResponseCode();
        try (InputStream body = connection.getInputStream()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        return status;
    }

    static void openStream(URL url, Duration timeout, Duration connectTimeout) throws IOException {
        // URL.openStream cannot take a timeout; with one, open the connection to set it.
        try (InputStream body = timeout == null && connectTimeout == null
                ? url.openStream()
                : withTimeouts(url, timeout, connectTimeout).getInputStream()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
    }

    static void getContent(URL url, Duration timeout, Duration connectTimeout) throws IOException {
        // URL.getContent cannot take a timeout either.
        Object content = timeout == null && connectTimeout == null
                ? url.getContent()
                : withTimeouts(url, timeout, connectTimeout).getContent();
        if (content instanceof InputStream body) {
            try (body) {
                body.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static URLConnection withTimeouts(URL url, Duration timeout, Duration connectTimeout) throws IOException {
        URLConnection connection = url.openConnection();
        setTimeouts(connection, timeout, connectTimeout);
        return connection;
    }

    private static void setTimeouts(URLConnection connection, Duration timeout, Duration connectTimeout) {
        if (timeout != null) {
            connection.setReadTimeout((int) timeout.toMillis());
        }
        if (connectTimeout != null) {
            connection.setConnectTimeout((int) connectTimeout.toMillis());
        }
    }
}
