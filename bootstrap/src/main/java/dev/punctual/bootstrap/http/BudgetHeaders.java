package dev.punctual.bootstrap.http;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.budget.Budget;
import dev.punctual.bootstrap.budget.BudgetHeader;
import dev.punctual.bootstrap.budget.Budgets;
import dev.punctual.bootstrap.deadlines.Deadlines;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The budget header on an HttpURLConnection's request: its request properties are a
 * sun.net.www.MessageHeader (java.base exports that package to these classes at install), written to
 * the connection's own header table before it connects, where setRequestProperty would refuse.
 */
final class BudgetHeaders {
    private static final FaultSite HTTP_URLCONNECTION_BUDGET_HEADER_FAULT = new FaultSite("http.urlconnection.budgetHeader");

    private static volatile MethodHandle findValue; // MessageHeader.findValue(String)
    private static volatile MethodHandle set;       // MessageHeader.set(String, String)

    private BudgetHeaders() {
    }

    /** Adds the header when a budget and a header are in force and the application did not set it. */
    static void addTo(Object messageHeader) {
        String name = Budgets.header();
        Budget budget = Budgets.current();
        if (name == null || budget == null || messageHeader == null || Deadlines.isAgentThread()) {
            return;
        }
        try {
            if (set == null) {
                Class<?> c = Class.forName("sun.net.www.MessageHeader", false, null);
                // This class's own lookup: the package is exported to this module only, not to everyone.
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                findValue = lookup.findVirtual(c, "findValue", MethodType.methodType(String.class, String.class))
                        .asType(MethodType.methodType(String.class, Object.class, String.class));
                set = lookup.findVirtual(c, "set", MethodType.methodType(void.class, String.class, String.class))
                        .asType(MethodType.methodType(void.class, Object.class, String.class, String.class));
            }
            if ((String) findValue.invokeExact(messageHeader, name) == null) {
                set.invokeExact(messageHeader, name, BudgetHeader.value(budget));
            }
        } catch (Throwable t) {
            HTTP_URLCONNECTION_BUDGET_HEADER_FAULT.caught(t);
        }
    }
}
