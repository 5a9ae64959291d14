package dev.punctual.bootstrap.grpc;

import dev.punctual.bootstrap.FaultSite;
import dev.punctual.bootstrap.Log;
import dev.punctual.bootstrap.budget.Budgets;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server call's deadline (the client's grpc-timeout) as the budget of the handler's work. gRPC
 * runs every step of a server call (the handler's invocation included) as an io.grpc.internal
 * ContextRunnable, with the call's io.grpc.Context, which carries that deadline, attached: the step gets
 * the deadline as its budget for its run.
 */
public final class GrpcServerBudgets {
    private static final FaultSite GRPC_BUDGET_FAULT = new FaultSite("grpc.budget");

    public static final String SOURCE = "gRPC server";

    /** Context.getDeadline() and Deadline.timeRemaining of one copy of gRPC. */
    private static final ClassValue<Api> API = new ClassValue<>() {
        @Override
        protected Api computeValue(Class<?> contextClass) {
            try {
                return new Api(contextClass);
            } catch (ReflectiveOperationException | RuntimeException e) {
                Log.warnOnce("grpc-budget:" + contextClass.getName(), "cannot read gRPC deadlines next to "
                        + contextClass.getName() + " (" + e + "); its server calls set no budget");
                return null;
            }
        }
    };

    private static final class Api {
        final MethodHandle deadline;      // Context.getDeadline()
        final MethodHandle timeRemaining; // Deadline.timeRemaining(TimeUnit)

        Api(Class<?> contextClass) throws ReflectiveOperationException {
            Class<?> context = contextClass;
            while (context != null && !context.getName().endsWith("io.grpc.Context")) {
                context = context.getSuperclass();
            }
            if (context == null) {
                throw new ClassNotFoundException("io.grpc.Context above " + contextClass.getName());
            }
            String prefix = context.getName().substring(0, context.getName().length() - "io.grpc.Context".length());
            Class<?> deadlineClass = Class.forName(prefix + "io.grpc.Deadline", false, context.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            deadline = lookup.findVirtual(context, "getDeadline", MethodType.methodType(deadlineClass))
                    .asType(MethodType.methodType(Object.class, Object.class));
            timeRemaining = lookup.findVirtual(deadlineClass, "timeRemaining", MethodType.methodType(long.class, TimeUnit.class))
                    .asType(MethodType.methodType(long.class, Object.class, TimeUnit.class));
        }
    }

    private GrpcServerBudgets() {
    }

    /**
     * On entry to ContextRunnable.run(), given the context it attaches.
     *
     * @return the state for {@link Budgets#exit}
     */
    public static Object stepRuns(Object context) {
        try {
            if (context == null) {
                return null;
            }
            Api a = API.get(context.getClass());
            if (a == null) {
                return null;
            }
            Object deadline = (Object) a.deadline.invokeExact(context);
            if (deadline == null) {
                return null;
            }
            return Budgets.enter((long) a.timeRemaining.invokeExact(deadline, TimeUnit.NANOSECONDS), SOURCE);
        } catch (Throwable t) {
            GRPC_BUDGET_FAULT.caught(t);
            return null;
        }
    }
}
