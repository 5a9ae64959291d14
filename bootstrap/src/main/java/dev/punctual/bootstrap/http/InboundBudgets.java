package dev.punctual.bootstrap.http;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.budget.BudgetHeader;
import dev.punctual.bootstrap.budget.Budgets;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * HTTP servers whose requests may carry the caller's remaining time in the configured header
 * (punctual.budget.http-header): the JDK's com.sun.net.httpserver, where each exchange passes through
 * Filter.Chain.doFilter on its way to the handler, and Servlet containers (jakarta.servlet and
 * javax.servlet), where each request passes through HttpServlet.service. The handler's work has that
 * budget while it runs. These classes live in loaders the boot loader cannot name: the header is read
 * through method handles found from the request object's own class.
 */
public final class InboundBudgets {
    private static final FaultSite HTTP_BUDGET_REQUEST_FAULT = new FaultSite("http.budget.request");

    /** How to read one request header from one kind of request object. */
    private static final ClassValue<MethodHandle> HEADER = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> requestClass) {
            try {
                return headerReader(requestClass);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Log.warnOnce("budget-header:" + requestClass.getName(), "cannot read request headers of "
                        + requestClass.getName() + " (" + e + "); its requests set no budget");
                return null;
            }
        }
    };

    private InboundBudgets() {
    }

    /**
     * On entry to Filter.Chain.doFilter(exchange) or HttpServlet.service(request, response).
     *
     * @return the state for {@link Budgets#exit}
     */
    public static Object request(Object request) {
        String name = Budgets.header();
        if (name == null || request == null) {
            return null;
        }
        try {
            MethodHandle header = HEADER.get(request.getClass());
            if (header == null) {
                return null;
            }
            return BudgetHeader.enter((String) header.invokeExact(request, name));
        } catch (Throwable t) {
            HTTP_BUDGET_REQUEST_FAULT.caught(t);
            return null;
        }
    }

    /** A servlet request's getHeader(name), or an HttpExchange's getRequestHeaders().getFirst(name). */
    private static MethodHandle headerReader(Class<?> requestClass) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> servlet = supertype(requestClass, "servlet.http.HttpServletRequest");
        if (servlet != null) {
            return lookup.findVirtual(servlet, "getHeader", MethodType.methodType(String.class, String.class))
                    .asType(MethodType.methodType(String.class, Object.class, String.class));
        }
        Class<?> exchange = supertype(requestClass, "com.sun.net.httpserver.HttpExchange");
        if (exchange == null) {
            throw new ClassNotFoundException("neither a servlet request nor an HttpExchange");
        }
        Class<?> headers = Class.forName("com.sun.net.httpserver.Headers", false, exchange.getClassLoader());
        MethodHandle requestHeaders = lookup.findVirtual(exchange, "getRequestHeaders", MethodType.methodType(headers));
        MethodHandle first = lookup.findVirtual(headers, "getFirst", MethodType.methodType(String.class, String.class));
        return MethodHandles.filterArguments(first, 0, requestHeaders)
                .asType(MethodType.methodType(String.class, Object.class, String.class));
    }

    /** The class or interface above {@code c} whose name ends with {@code suffix}, or null. */
    private static Class<?> supertype(Class<?> c, String suffix) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().endsWith(suffix)) {
                return k;
            }
            for (Class<?> i : k.getInterfaces()) {
                Class<?> found = supertype(i, suffix);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
