package dev.punctual.bootstrap.http;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.StripedWeakIdentityMap;
import dev.punctual.bootstrap.budget.Budget;
import dev.punctual.bootstrap.budget.BudgetHeader;
import dev.punctual.bootstrap.budget.Budgets;
import dev.punctual.bootstrap.deadlines.DeadlineRules;
import dev.punctual.bootstrap.deadlines.Deadlines;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Default deadlines for java.net.http.HttpClient. Every send and sendAsync goes through the client's
 * private sendAsync, on the caller's thread, which first copies the request into its own internal form:
 * a request without timeout() gets the default in that copy, exactly as if the application had called
 * HttpRequest.Builder.timeout. A client without connectTimeout gets the default where its exchanges read
 * their remaining connect time. Both are decided and reported on the caller's thread, so the events'
 * stack traces show the caller. Exchanges that a deadline stopped are reported as exceeded.
 *
 * <p>java.net.http lives in the platform class loader, which these boot-loader classes cannot name: its
 * public API is called through method handles found from the objects at hand.
 */
public final class HttpClientDeadlines {
    private static final FaultSite HTTP_CLIENT_CALL_STARTS_FAULT = new FaultSite("http.client.callStarts");
    private static final FaultSite HTTP_CLIENT_REQUEST_TIMEOUT_FAULT = new FaultSite("http.client.requestTimeout");
    private static final FaultSite HTTP_CLIENT_REQUEST_HEADERS_FAULT = new FaultSite("http.client.requestHeaders");
    private static final FaultSite HTTP_CLIENT_CONNECT_TIMEOUT_FAULT = new FaultSite("http.client.connectTimeout");
    private static final FaultSite HTTP_CLIENT_EXCHANGE_STARTS_FAULT = new FaultSite("http.client.exchangeStarts");
    private static final FaultSite HTTP_CLIENT_CANCELLED_FAULT = new FaultSite("http.client.cancelled");

    public static final String CLIENT = "java.net.http.HttpClient";

    private static volatile Api api;

    /**
     * Marks an exchange the agent's own threads started: its timers fire on the client's selector thread,
     * which the JDK starts without inheriting anything from the agent's thread.
     */
    private static final long AGENTS_OWN = Long.MIN_VALUE;
    /** The start of each exchange still running, for how long it ran when a deadline stopped it. */
    private static final StripedWeakIdentityMap<Long> STARTS = new StripedWeakIdentityMap<>(1 << 16);

    public static void forget() {
        STARTS.clear();
    }

    /** The public java.net.http methods used, found once from the classes the first call brings. */
    private static final class Api {
        final MethodHandle requestTimeout;   // HttpRequest.timeout(): Optional<Duration>
        final MethodHandle uri;              // HttpRequest.uri()
        final MethodHandle connectTimeout;   // HttpClient.connectTimeout(): Optional<Duration>
        final MethodHandle headerMap;        // HttpHeaders.map()
        final MethodHandle headersOf;        // HttpHeaders.of(Map, BiPredicate)

        Api(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> request = Class.forName("java.net.http.HttpRequest", false, loader);
            Class<?> client = Class.forName("java.net.http.HttpClient", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            requestTimeout = lookup.findVirtual(request, "timeout", MethodType.methodType(Optional.class))
                    .asType(MethodType.methodType(Optional.class, Object.class));
            uri = lookup.findVirtual(request, "uri", MethodType.methodType(URI.class))
                    .asType(MethodType.methodType(URI.class, Object.class));
            connectTimeout = lookup.findVirtual(client, "connectTimeout", MethodType.methodType(Optional.class))
                    .asType(MethodType.methodType(Optional.class, Object.class));
            Class<?> headers = Class.forName("java.net.http.HttpHeaders", false, loader);
            headerMap = lookup.findVirtual(headers, "map", MethodType.methodType(Map.class))
                    .asType(MethodType.methodType(Map.class, Object.class));
            headersOf = lookup.findStatic(headers, "of", MethodType.methodType(headers, Map.class, BiPredicate.class))
                    .asType(MethodType.methodType(Object.class, Map.class, BiPredicate.class));
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
     * On entry to HttpClientImpl.sendAsync(request, handler, pushHandler, executor), on the caller's
     * thread: a client without a connect timeout is reported here, with the call's stack.
     */
    public static Object callStarts(Object request, Object client) {
        try {
            Api a = api(request);
            Optional<?> connect = (Optional<?>) a.connectTimeout.invokeExact(client);
            if (connect.isEmpty()) {
                URI uri = (URI) a.uri.invokeExact(request);
                Deadlines.missing(CLIENT, "connect", uri.getHost(), port(uri), DeadlineRules.connectTimeoutFor(uri.getHost(), port(uri)));
            }
        } catch (Throwable t) {
            HTTP_CLIENT_CALL_STARTS_FAULT.caught(t);
        }
        return null;
    }

    /**
     * Where sendAsync makes its internal copy of the application's request (HttpRequestImpl's
     * constructor, still on the caller's thread), the copy reads the request's timeout(): an empty one
     * becomes the default, exactly as if the application had set it, and the application's request
     * object is left as it was.
     *
     * @param returned what the application's request returned: Optional&lt;Duration&gt;
     */
    public static Object requestTimeout(Object returned, Object request) {
        try {
            Optional<?> own = (Optional<?>) returned;
            if (!own.isEmpty() && Budgets.current() == null) {
                return returned;
            }
            URI uri = (URI) api(request).uri.invokeExact(request);
            DeadlineRules.Rule rule = DeadlineRules.timeoutFor(uri.getHost(), port(uri));
            long budgeted = Deadlines.budgeted(CLIENT, "request", uri.getHost(), port(uri), own.isEmpty() ? -1 : ((Duration) own.get()).toNanos(), rule);
            if (budgeted >= 0) {
                // A request timeout must be positive: the budget that ran out gives the shortest there is,
                // and the client's own timer fails the call with its HttpTimeoutException at once.
                return Optional.of(Duration.ofNanos(Math.max(budgeted, 1)));
            }
            if (!own.isEmpty() || budgeted == Deadlines.REPORTED) {
                return returned;
            }
            long nanos = Deadlines.missing(CLIENT, "request", uri.getHost(), port(uri), rule);
            return nanos < 0 ? returned : rule.timeout;
        } catch (Throwable t) {
            HTTP_CLIENT_REQUEST_TIMEOUT_FAULT.caught(t);
            return returned;
        }
    }

    /**
     * Where HttpRequestImpl's constructor copies the application's request headers: with a budget and a
     * budget header configured, the copy also carries the remaining time, in milliseconds, unless the
     * application set that header itself. The application's request is left as it was.
     *
     * @param returned what the application's request returned: HttpHeaders
     */
    public static Object requestHeaders(Object returned, Object request) {
        try {
            String name = Budgets.header();
            Budget budget = Budgets.current();
            if (name == null || budget == null || Deadlines.isAgentThread()) {
                return returned;
            }
            Api a = api(request);
            @SuppressWarnings("unchecked")
            Map<String, List<String>> headers = (Map<String, List<String>>) a.headerMap.invokeExact(returned);
            for (String key : headers.keySet()) {
                if (key.equalsIgnoreCase(name)) {
                    return returned;
                }
            }
            Map<String, List<String>> with = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            with.putAll(headers);
            with.put(name, List.of(BudgetHeader.value(budget)));
            return (Object) a.headersOf.invokeExact(with, (BiPredicate<String, String>) ALL_HEADERS);
        } catch (Throwable t) {
            HTTP_CLIENT_REQUEST_HEADERS_FAULT.caught(t);
            return returned;
        }
    }

    /** A class rather than a lambda, as everywhere on the agent's paths. */
    private static final BiPredicate<String, String> ALL_HEADERS = new BiPredicate<>() {
        @Override
        public boolean test(String name, String value) {
            return true;
        }
    };

    /**
     * On return from MultiExchange.remainingConnectTimeout(): empty when the client has no connect
     * timeout, and then the default for the exchange's target (already reported at the call).
     */
    public static Object remainingConnectTimeout(Object returned, Object request) {
        try {
            if (!((Optional<?>) returned).isEmpty() || !DeadlineRules.enforce()
                    || Deadlines.isAgentThread()) {
                return returned;
            }
            URI uri = (URI) api(request).uri.invokeExact(request);
            DeadlineRules.Rule rule = DeadlineRules.connectTimeoutFor(uri.getHost(), port(uri));
            return rule.nanos < 0 ? returned : rule.timeout;
        } catch (Throwable t) {
            HTTP_CLIENT_CONNECT_TIMEOUT_FAULT.caught(t);
            return returned;
        }
    }

    /** On entry to MultiExchange.responseAsync: the exchange starts. */
    public static Object exchangeStarts(Object exchange) {
        try {
            STARTS.put(exchange, Deadlines.isAgentThread() ? AGENTS_OWN : System.nanoTime());
        } catch (Throwable t) {
            HTTP_CLIENT_EXCHANGE_STARTS_FAULT.caught(t);
        }
        return null;
    }

    /**
     * On entry to MultiExchange.cancel(IOException): the request timer gives HttpTimeoutException (or
     * HttpConnectTimeoutException when not yet connected), the connect timer a ConnectException.
     */
    public static Object cancelled(Object exchange, Object cause, Object userRequest, Object request, Object client) {
        try {
            // The connect timer cancels with a ConnectException; the request timer with HttpTimeoutException,
            // or its subclass HttpConnectTimeoutException when it fires before the connection is up.
            boolean connect = cause instanceof java.net.ConnectException
                    && "HTTP connect timed out".equals(((Throwable) cause).getMessage());
            if (!connect && !isHttpTimeout(cause)) {
                return null;
            }
            Long start = STARTS.get(exchange);
            if (start != null && start == AGENTS_OWN) {
                return null;
            }
            Api a = api(request);
            URI uri = (URI) a.uri.invokeExact(request);
            long elapsed = start == null ? 0 : System.nanoTime() - start;
            long timeout;
            boolean injected;
            if (connect) {
                Optional<?> own = (Optional<?>) a.connectTimeout.invokeExact(client);
                injected = own.isEmpty();
                timeout = injected ? DeadlineRules.connectTimeoutFor(uri.getHost(), port(uri)).nanos
                        : ((Duration) own.get()).toNanos();
            } else {
                // The exchange's copy has the timeout; the application's request has none, or a longer one
                // (the budget's was shorter), when it was ours.
                Optional<?> own = (Optional<?>) a.requestTimeout.invokeExact(userRequest);
                Optional<?> effective = (Optional<?>) a.requestTimeout.invokeExact(request);
                injected = !own.equals(effective);
                timeout = effective.isPresent() ? ((Duration) effective.get()).toNanos() : 0;
            }
            Deadlines.exceeded(CLIENT, connect ? "connect" : "request", uri.getHost(), port(uri), timeout, elapsed, injected);
        } catch (Throwable t) {
            HTTP_CLIENT_CANCELLED_FAULT.caught(t);
        }
        return null;
    }

    /** java.net.http.HttpTimeoutException or a subclass, named: this class cannot name the platform's classes. */
    private static boolean isHttpTimeout(Object cause) {
        for (Class<?> c = cause == null ? null : cause.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("java.net.http.HttpTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
