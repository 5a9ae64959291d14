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
 * the socket opens, and reads the connection's timeouts after it; the wait for the response, where a
 * read timeout fires, is getInputStream0 (behind getInputStream, getResponseCode and the header getters).
 */
public final class UrlConnectionInstrumentation implements TypeInstrumentation {
    static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

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
                Shapes.missingMethod(connection, "getInputStream0"));
    }

    @Override
    public List<Hook> hooks() {
        String enter = "(Ljava/lang/Object;)Ljava/lang/Object;";
        return List.of(
                Hook.enterExit("plainConnect0", "()V", List.of(Load.self()), UrlConnectionDeadlines.class,
                        "beforeConnect", enter, UrlConnectionDeadlines.class, "afterConnect").withFailureProbe("connectFailed"),
                Hook.enterExit("getInputStream0", "()Ljava/io/InputStream;", List.of(Load.self()), UrlConnectionDeadlines.class,
                        "beforeResponse", enter, UrlConnectionDeadlines.class, "afterResponse").withFailureProbe("responseFailed"));
    }
}
