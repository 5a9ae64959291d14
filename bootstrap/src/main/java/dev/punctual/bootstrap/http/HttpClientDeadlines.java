package dev.punctual.bootstrap.http;

import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.WeakIdentityMap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Default deadlines for java.net.http.HttpClient. Every send and sendAsync goes through the client's
 * private sendAsync, on the caller's thread: a request without timeout() is replaced there by a copy
 * with the default, exactly as if the application had called HttpRequest.Builder.timeout; a client
 * without connectTimeout gets the default where its exchanges read their remaining connect time. Both are
 * decided and reported at the call, so the events' stack traces show the caller. Exchanges that a
 * deadline stopped are reported as exceeded.
 *
 * <p>java.net.http lives in the platform class loader, which these boot-loader classes cannot name: its
 * public API is called through method handles found from the objects at hand.
 */
public final class HttpClientDeadlines {
    public static final String CLIENT = "java.net.http.HttpClient";
    private static final BiPredicate<String, String> ALL_HEADERS = new BiPredicate<>() {
        @Override
        public boolean test(String name, String value) {
            return true;
        }
    };

    private static volatile Api api;

    /** The requests this agent made: copies of the application's with the default timeout. */
    private static final WeakIdentityMap<Boolean> INJECTED = new WeakIdentityMap<>(1 << 16);
    /** The start of each exchange still running, for how long it ran when a deadline stopped it. */
    private static final WeakIdentityMap<Long> STARTS = new WeakIdentityMap<>(1 << 16);

    /** The public java.net.http methods used, found once from the classes the first call brings. */
    private static final class Api {
        final MethodHandle requestTimeout;   // HttpRequest.timeout(): Optional<Duration>
        final MethodHandle uri;              // HttpRequest.uri()
        final MethodHandle newBuilder;       // HttpRequest.newBuilder(HttpRequest, BiPredicate)
        final MethodHandle builderTimeout;   // HttpRequest.Builder.timeout(Duration)
        final MethodHandle build;            // HttpRequest.Builder.build()
        final MethodHandle connectTimeout;   // HttpClient.connectTimeout(): Optional<Duration>

        Api(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> request = Class.forName("java.net.http.HttpRequest", false, loader);
            Class<?> builder = Class.forName("java.net.http.HttpRequest$Builder", false, loader);
            Class<?> client = Class.forName("java.net.http.HttpClient", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            requestTimeout = lookup.findVirtual(request, "timeout", MethodType.methodType(Optional.class))
                    .asType(MethodType.methodType(Optional.class, Object.class));
            uri = lookup.findVirtual(request, "uri", MethodType.methodType(URI.class))
                    .asType(MethodType.methodType(URI.class, Object.class));
            newBuilder = lookup.findStatic(request, "newBuilder", MethodType.methodType(builder, request, BiPredicate.class))
                    .asType(MethodType.methodType(Object.class, Object.class, BiPredicate.class));
            builderTimeout = lookup.findVirtual(builder, "timeout", MethodType.methodType(builder, Duration.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Duration.class));
            build = lookup.findVirtual(builder, "build", MethodType.methodType(request))
                    .asType(MethodType.methodType(Object.class, Object.class));
            connectTimeout = lookup.findVirtual(client, "connectTimeout", MethodType.methodType(Optional.class))
                    .asType(MethodType.methodType(Optional.class, Object.class));
        }
    }

    private HttpClientDeadlines() {
    }

    private static Api api(Object request) throws ReflectiveOperationException {
        Api a = api;
        if (a == null) {
            a = new Api(request.getClass().getClassLoader());
            api = a;
        }
        return a;
    }

    /**
     * On entry to HttpClientImpl.sendAsync(request, handler, pushHandler, executor).
     *
     * @return the request to send: the application's, or a copy with the default timeout
     */
    public static Object request(Object request, Object client) {
        try {
            Api a = api(request);
            URI uri = (URI) a.uri.invokeExact(request);
            String host = uri.getHost();
            int port = port(uri);
            Optional<?> connect = (Optional<?>) a.connectTimeout.invokeExact(client);
            if (connect.isEmpty()) {
                Deadlines.missing(CLIENT, "connect", host, port, DeadlineRules.connectTimeoutFor(host, port));
            }
            Optional<?> timeout = (Optional<?>) a.requestTimeout.invokeExact(request);
            if (timeout.isPresent()) {
                return request;
            }
            long nanos = Deadlines.missing(CLIENT, "request", host, port, DeadlineRules.timeoutFor(host, port));
            if (nanos < 0) {
                return request;
            }
            Object builder = (Object) a.newBuilder.invokeExact(request, ALL_HEADERS);
            builder = (Object) a.builderTimeout.invokeExact(builder, Duration.ofNanos(nanos));
            Object copy = (Object) a.build.invokeExact(builder);
            INJECTED.put(copy, Boolean.TRUE);
            return copy;
        } catch (Throwable t) {
            Log.fault("http.client.request", t);
            return request;
        }
    }

    /**
     * On return from MultiExchange.remainingConnectTimeout(): empty when the client has no connect
     * timeout, and then the default for the exchange's target (already reported at the call).
     */
    public static Object remainingConnectTimeout(Object returned, Object request) {
        try {
            if (!((Optional<?>) returned).isEmpty() || !DeadlineRules.enforce
                    || Thread.currentThread().getName().startsWith("punctual-")) {
                return returned;
            }
            URI uri = (URI) api(request).uri.invokeExact(request);
            DeadlineRules.Rule rule = DeadlineRules.connectTimeoutFor(uri.getHost(), port(uri));
            return rule.nanos < 0 ? returned : Optional.of(Duration.ofNanos(rule.nanos));
        } catch (Throwable t) {
            Log.fault("http.client.connectTimeout", t);
            return returned;
        }
    }

    /** On entry to MultiExchange.responseAsync: the exchange starts. */
    public static Object exchangeStarts(Object exchange) {
        STARTS.put(exchange, System.nanoTime());
        return null;
    }

    public static void ignore(Object ignored) {
    }

    /**
     * On entry to MultiExchange.cancel(IOException): the request timer gives HttpTimeoutException (or
     * HttpConnectTimeoutException when not yet connected), the connect timer a ConnectException.
     */
    public static Object cancelled(Object exchange, Object cause, Object userRequest, Object request, Object client) {
        try {
            String type = cause == null ? "" : cause.getClass().getName();
            boolean connect = type.equals("java.net.http.HttpConnectTimeoutException")
                    || (type.equals("java.net.ConnectException") && "HTTP connect timed out".equals(((Throwable) cause).getMessage()));
            if (!connect && !type.equals("java.net.http.HttpTimeoutException")) {
                return null;
            }
            Api a = api(request);
            URI uri = (URI) a.uri.invokeExact(request);
            Long start = STARTS.get(exchange);
            long elapsed = start == null ? 0 : System.nanoTime() - start;
            long timeout;
            boolean injected;
            if (connect) {
                Optional<?> own = (Optional<?>) a.connectTimeout.invokeExact(client);
                injected = own.isEmpty();
                timeout = injected ? DeadlineRules.connectTimeoutFor(uri.getHost(), port(uri)).nanos
                        : ((Duration) own.get()).toNanos();
            } else {
                Optional<?> own = (Optional<?>) a.requestTimeout.invokeExact(userRequest);
                injected = INJECTED.get(userRequest) != null;
                timeout = own.isPresent() ? ((Duration) own.get()).toNanos() : 0;
            }
            Deadlines.exceeded(CLIENT, connect ? "connect" : "request", uri.getHost(), port(uri), timeout, elapsed, injected);
        } catch (Throwable t) {
            Log.fault("http.client.cancelled", t);
        }
        return null;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
