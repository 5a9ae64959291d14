package dev.punctual.agent.http;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.http.UrlConnectionDeadlines;

import java.util.List;

/**
 * Default deadlines for HttpURLConnection and HttpsURLConnection (whose delegate is the same class):
 * every connect, also through URL.openStream() and URL.getContent(), goes through plainConnect0 before
 * the socket opens, and reads the connection's timeouts after it. A read timeout fires while waiting for
 * the response, in getInputStream0 (behind getInputStream, getResponseCode and the header getters), or
 * later while reading the body, in the connection's HttpInputStream. See {@link UrlConnectionDeadlines}.
 */
public final class UrlConnectionInstrumentations {
    static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
    static final String BODY = CONNECTION + "$HttpInputStream";
    private static final String TO_OBJECT = "(Ljava/lang/Object;)Ljava/lang/Object;";

    private UrlConnectionInstrumentations() {
    }

    public static List<TypeInstrumentation> all() {
        return List.of(new Connection(), new Body());
    }

    static final class Connection implements TypeInstrumentation {
        @Override
        public String name() {
            return "http: HttpURLConnection";
        }

        @Override
        public String typeName() {
            return CONNECTION;
        }

        @Override
        public String unsupportedReason() {
            Class<?> connection = Shapes.jdkClass(CONNECTION);
            return connection == null ? "no class " + CONNECTION : Shapes.first(
                    Shapes.missingMethod(connection, "plainConnect0"),
                    Shapes.missingField(connection, "userHeaders", Shapes.jdkClass("sun.net.www.MessageHeader")),
                    Shapes.missingMethod(connection, "getInputStream0"));
        }

        @Override
        public List<Hook> hooks() {
            return List.of(
                    Hook.enter("plainConnect0", "()V", List.of(Load.self(), Load.referenceField("userHeaders")),
                            UrlConnectionDeadlines.class, "beforeConnect", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;")
                            .withFailureProbe("connectFailed"),
                    Hook.enter("getInputStream0", "()Ljava/io/InputStream;", List.of(Load.self()), UrlConnectionDeadlines.class,
                            "connection", TO_OBJECT).withFailureProbe("responseFailed"));
        }
    }

    /** The response body's stream, an inner class that knows its connection. */
    static final class Body implements TypeInstrumentation {
        @Override
        public String name() {
            return "http: HttpURLConnection bodies";
        }

        @Override
        public String typeName() {
            return BODY;
        }

        @Override
        public String unsupportedReason() {
            Class<?> body = Shapes.jdkClass(BODY);
            return body == null ? "no class " + BODY : Shapes.first(
                    Shapes.missingMethod(body, "read"),
                    Shapes.missingMethod(body, "read", byte[].class, int.class, int.class));
        }

        @Override
        public List<Hook> hooks() {
            List<Load> connection = List.of(Load.referenceField("this$0"));
            return List.of(
                    Hook.enter("read", "()I", connection, UrlConnectionDeadlines.class, "connection", TO_OBJECT)
                            .withFailureProbe("responseFailed"),
                    Hook.enter("read", "([BII)I", connection, UrlConnectionDeadlines.class, "connection", TO_OBJECT)
                            .withFailureProbe("responseFailed"));
        }
    }
}
