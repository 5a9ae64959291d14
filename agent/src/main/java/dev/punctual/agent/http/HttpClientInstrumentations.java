package dev.punctual.agent.http;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.http.HttpClientDeadlines;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Default deadlines for java.net.http.HttpClient (jdk.internal.net.http in the java.net.http module):
 * the request timeout where every send and sendAsync enters the client, the connect timeout where an
 * exchange asks for its remaining connect time, and deadlines that stopped an exchange where the
 * exchange is cancelled. See {@link HttpClientDeadlines}.
 */
public final class HttpClientInstrumentations {
    static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";
    static final String EXCHANGE = "jdk.internal.net.http.MultiExchange";
    private static final String TO_OBJECT = "(Ljava/lang/Object;)Ljava/lang/Object;";

    private HttpClientInstrumentations() {
    }

    public static List<TypeInstrumentation> all() {
        return List.of(new Client(), new Exchange());
    }

    private static boolean present() {
        return ModuleLayer.boot().findModule("java.net.http").isPresent();
    }

    /** HttpClientImpl: its private sendAsync(request, handler, pushHandler, executor), behind every send. */
    static final class Client implements TypeInstrumentation {
        @Override
        public String name() {
            return "http: java.net.http.HttpClient requests";
        }

        @Override
        public String typeName() {
            return CLIENT;
        }

        @Override
        public boolean presentOnThisJvm() {
            return present();
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
            return List.of(Hook.replaceArgument("sendAsync",
                    "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                            + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)"
                            + "Ljava/util/concurrent/CompletableFuture;",
                    1, "java/net/http/HttpRequest", List.of(Load.argument(1), Load.self()),
                    HttpClientDeadlines.class, "request", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"));
        }
    }

    /** MultiExchange: one per call, across its retries and redirects. */
    static final class Exchange implements TypeInstrumentation {
        @Override
        public String name() {
            return "http: java.net.http.HttpClient exchanges";
        }

        @Override
        public String typeName() {
            return EXCHANGE;
        }

        @Override
        public boolean presentOnThisJvm() {
            return present();
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
                    Hook.enterExit("responseAsync", "(Ljava/util/concurrent/Executor;)Ljava/util/concurrent/CompletableFuture;",
                            List.of(Load.self()), HttpClientDeadlines.class, "exchangeStarts", TO_OBJECT,
                            HttpClientDeadlines.class, "ignore"),
                    Hook.replaceReturn("remainingConnectTimeout", "()Ljava/util/Optional;", List.of(Load.referenceField("request")),
                            HttpClientDeadlines.class, "remainingConnectTimeout", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"),
                    Hook.enterExit("cancel", "(Ljava/io/IOException;)V",
                            List.of(Load.self(), Load.argument(1), Load.referenceField("userRequest"),
                                    Load.referenceField("request"), Load.referenceField("client")),
                            HttpClientDeadlines.class, "cancelled",
                            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
                            HttpClientDeadlines.class, "ignore"));
        }
    }
}
