package dev.punctual.agent.http;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.NamedType;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.http.HttpClientDeadlines;

import java.io.IOException;
import java.net.ProxySelector;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Default deadlines for java.net.http.HttpClient (jdk.internal.net.http in the java.net.http module):
 * the call where every send and sendAsync enters the client, the request timeout where the client
 * copies the application's request, the connect timeout where an exchange asks for its remaining
 * connect time, and deadlines that stopped an exchange where the exchange is cancelled. See
 * {@link HttpClientDeadlines}. Classes of java.net.http's implementation: a JVM without that module
 * (jlink) never loads them.
 */
public final class HttpClientInstrumentations {
    static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";
    static final String EXCHANGE = "jdk.internal.net.http.MultiExchange";
    static final String REQUEST = "jdk.internal.net.http.HttpRequestImpl";
    private static final String TO_OBJECT = "(Ljava/lang/Object;)Ljava/lang/Object;";

    private HttpClientInstrumentations() {
    }

    public static List<TypeInstrumentation> all() {
        return List.of(new Client(), new Request(), new Exchange());
    }

    /** HttpClientImpl: its private sendAsync(request, handler, pushHandler, executor), behind every send. */
    static final class Client extends NamedType {
        Client() {
            super("http: java.net.http.HttpClient requests", CLIENT);
        }

        @Override
        public String unsupportedReason() {
            Class<?> client = Shapes.platformClass(CLIENT);
            Class<?> request = Shapes.platformClass("java.net.http.HttpRequest");
            if (client == null || request == null) {
                return "no class " + CLIENT;
            }
            return Shapes.missingMethod(client, "sendAsync", request,
                    Shapes.platformClass("java.net.http.HttpResponse$BodyHandler"),
                    Shapes.platformClass("java.net.http.HttpResponse$PushPromiseHandler"), Executor.class);
        }

        @Override
        public List<Hook> hooks() {
            return List.of(Hook.enter("sendAsync",
                    "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                            + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)"
                            + "Ljava/util/concurrent/CompletableFuture;",
                    List.of(Load.argument(1), Load.self()), HttpClientDeadlines.class, "callStarts",
                    "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"));
        }
    }

    /**
     * HttpRequestImpl's constructor from the application's request, called by sendAsync: where the
     * request's timeout() and headers() are read, once, into the exchange's own copy.
     */
    static final class Request extends NamedType {
        Request() {
            super("http: java.net.http.HttpClient request timeouts", REQUEST);
        }

        @Override
        public String unsupportedReason() {
            Class<?> request = Shapes.platformClass(REQUEST);
            Class<?> api = Shapes.platformClass("java.net.http.HttpRequest");
            if (request == null || api == null) {
                return "no class " + REQUEST;
            }
            try {
                request.getDeclaredConstructor(api, ProxySelector.class);
                return null;
            } catch (NoSuchMethodException e) {
                return "no constructor HttpRequestImpl(HttpRequest, ProxySelector)";
            }
        }

        @Override
        public List<Hook> hooks() {
            String constructor = "(Ljava/net/http/HttpRequest;Ljava/net/ProxySelector;)V";
            return List.of(
                    Hook.replaceCallResult("<init>", constructor, "java/net/http/HttpRequest", "timeout", "()Ljava/util/Optional;",
                            HttpClientDeadlines.class, "requestTimeout"),
                    Hook.replaceCallResult("<init>", constructor, "java/net/http/HttpRequest", "headers", "()Ljava/net/http/HttpHeaders;",
                            HttpClientDeadlines.class, "requestHeaders"));
        }
    }

    /** MultiExchange: one per call, across its retries and redirects. */
    static final class Exchange extends NamedType {
        Exchange() {
            super("http: java.net.http.HttpClient exchanges", EXCHANGE);
        }

        @Override
        public String unsupportedReason() {
            Class<?> exchange = Shapes.platformClass(EXCHANGE);
            return exchange == null ? "no class " + EXCHANGE : Shapes.first(
                    Shapes.missingMethod(exchange, "responseAsync", Executor.class),
                    Shapes.missingMethod(exchange, "remainingConnectTimeout"),
                    Shapes.missingMethod(exchange, "cancel", IOException.class));
        }

        @Override
        public List<Hook> hooks() {
            return List.of(
                    Hook.enter("responseAsync", "(Ljava/util/concurrent/Executor;)Ljava/util/concurrent/CompletableFuture;",
                            List.of(Load.self()), HttpClientDeadlines.class, "exchangeStarts", TO_OBJECT),
                    Hook.replaceReturn("remainingConnectTimeout", "()Ljava/util/Optional;", List.of(Load.referenceField("request")),
                            HttpClientDeadlines.class, "remainingConnectTimeout", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"),
                    Hook.enter("cancel", "(Ljava/io/IOException;)V",
                            List.of(Load.self(), Load.argument(1), Load.referenceField("userRequest"),
                                    Load.referenceField("request"), Load.referenceField("client")),
                            HttpClientDeadlines.class, "cancelled",
                            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"));
        }
    }
}
