package dev.punctual.agent.budget;

import dev.punctual.agent.instrumentation.Hook;
import dev.punctual.agent.instrumentation.Hook.Load;
import dev.punctual.agent.instrumentation.Shapes;
import dev.punctual.agent.instrumentation.TypeInstrumentation;
import dev.punctual.bootstrap.budget.Budgets;
import dev.punctual.bootstrap.grpc.GrpcServerBudgets;
import dev.punctual.bootstrap.http.InboundBudgets;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a budget comes in: each step of a gRPC server call (see {@link GrpcServerBudgets}), and, when
 * punctual.budget.http-header names a header, each request of the JDK's HTTP server and of Servlet
 * containers (see {@link InboundBudgets}).
 */
public final class InboundInstrumentations {
    private static final String TO_OBJECT = "(Ljava/lang/Object;)Ljava/lang/Object;";

    private InboundInstrumentations() {
    }

    /** @param httpHeader whether a budget header is configured: the HTTP servers are woven only then */
    public static List<TypeInstrumentation> all(boolean httpHeader) {
        List<TypeInstrumentation> out = new ArrayList<>(List.of(new GrpcServerSteps()));
        if (httpHeader) {
            out.add(new JdkHttpServer());
            out.add(new Servlets("jakarta"));
            out.add(new Servlets("javax"));
        }
        return out;
    }

    /** io.grpc.internal.ContextRunnable: run() attaches the call's Context around each step. */
    static final class GrpcServerSteps implements TypeInstrumentation {
        @Override
        public String name() {
            return "budgets: gRPC server calls";
        }

        @Override
        public String typeName() {
            return "io.grpc.internal.ContextRunnable";
        }

        /** An application's class, which may be loaded already: checked from its bytes as it is woven. */
        @Override
        public String unsupportedReason() {
            return null;
        }

        @Override
        public List<Hook> hooks() {
            return List.of(Hook.enterExit("run", "()V", List.of(Load.referenceField("context")), GrpcServerBudgets.class,
                    "stepRuns", TO_OBJECT, Budgets.class, "exit"));
        }
    }

    /** com.sun.net.httpserver.Filter.Chain: every exchange passes through doFilter to its handler. */
    static final class JdkHttpServer implements TypeInstrumentation {
        static final String CHAIN = "com.sun.net.httpserver.Filter$Chain";

        @Override
        public String name() {
            return "budgets: com.sun.net.httpserver requests";
        }

        @Override
        public String typeName() {
            return CHAIN;
        }

        @Override
        public String unsupportedReason() {
            Class<?> chain = Shapes.platformClass(CHAIN);
            Class<?> exchange = Shapes.platformClass("com.sun.net.httpserver.HttpExchange");
            return chain == null || exchange == null ? "no class " + CHAIN : Shapes.missingMethod(chain, "doFilter", exchange);
        }

        @Override
        public List<Hook> hooks() {
            return List.of(Hook.enterExit("doFilter", "(Lcom/sun/net/httpserver/HttpExchange;)V", List.of(Load.argument(1)),
                    InboundBudgets.class, "request", TO_OBJECT, Budgets.class, "exit"));
        }
    }

    /** HttpServlet.service(ServletRequest, ServletResponse), of the jakarta or the javax Servlet API. */
    static final class Servlets implements TypeInstrumentation {
        private final String api;

        Servlets(String api) {
            this.api = api;
        }

        @Override
        public String name() {
            return "budgets: " + api + ".servlet requests";
        }

        @Override
        public String typeName() {
            return api + ".servlet.http.HttpServlet";
        }

        /** An application's class: checked from its bytes as it is woven. */
        @Override
        public String unsupportedReason() {
            return null;
        }

        @Override
        public List<Hook> hooks() {
            String servlet = api + "/servlet/";
            return List.of(Hook.enterExit("service", "(L" + servlet + "ServletRequest;L" + servlet + "ServletResponse;)V",
                    List.of(Load.argument(1)), InboundBudgets.class, "request", TO_OBJECT, Budgets.class, "exit"));
        }
    }
}
